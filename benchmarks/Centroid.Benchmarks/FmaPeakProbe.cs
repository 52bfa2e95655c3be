using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Centroid.Benchmarks;

/// <summary>
/// Measures the machine's fused multiply-add throughput: every core runs 12 independent FMA chains held in
/// registers (enough to cover FMA latency on two pipes), at the widest accelerated vector width. Prints GFLOP/s
/// for float and double (2 flops per lane per FMA) — the ceiling the kernels are compared with.
/// </summary>
internal static class FmaPeakProbe
{
    public static int Run()
    {
        Console.WriteLine($"vector width: {(Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128)} bits, {Environment.ProcessorCount} threads");
        Console.WriteLine($"fma_peak_gflops float32 {Measure<float>():F1}");
        Console.WriteLine($"fma_peak_gflops float64 {Measure<double>():F1}");
        return 0;
    }

    private static double Measure<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const long iterations = 20_000_000;
        int lanes = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256<T>.Count;
        Chains<T>(1000);
        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            System.Threading.Tasks.Parallel.For(0, Environment.ProcessorCount, _ => Chains<T>(iterations));
            double seconds = watch.Elapsed.TotalSeconds;
            best = Math.Max(best, 2.0 * 12 * lanes * iterations * Environment.ProcessorCount / seconds / 1e9);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Chains<T>(long iterations) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> m = Vector512.Create(T.CreateTruncating(0.999999)), a = Vector512.Create(T.CreateTruncating(1e-7));
            Vector512<T> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
            for (long i = 0; i < iterations; i++)
            {
                s0 = Fma(s0, m, a); s1 = Fma(s1, m, a); s2 = Fma(s2, m, a); s3 = Fma(s3, m, a);
                s4 = Fma(s4, m, a); s5 = Fma(s5, m, a); s6 = Fma(s6, m, a); s7 = Fma(s7, m, a);
                s8 = Fma(s8, m, a); s9 = Fma(s9, m, a); s10 = Fma(s10, m, a); s11 = Fma(s11, m, a);
            }

            return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
        }
        else
        {
            Vector256<T> m = Vector256.Create(T.CreateTruncating(0.999999)), a = Vector256.Create(T.CreateTruncating(1e-7));
            Vector256<T> s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
            for (long i = 0; i < iterations; i++)
            {
                s0 = Fma(s0, m, a); s1 = Fma(s1, m, a); s2 = Fma(s2, m, a); s3 = Fma(s3, m, a);
                s4 = Fma(s4, m, a); s5 = Fma(s5, m, a); s6 = Fma(s6, m, a); s7 = Fma(s7, m, a);
                s8 = Fma(s8, m, a); s9 = Fma(s9, m, a); s10 = Fma(s10, m, a); s11 = Fma(s11, m, a);
            }

            return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) => Centroid.Kernels.VectorMath.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) => Centroid.Kernels.VectorMath.MultiplyAdd(a, b, c);
}
