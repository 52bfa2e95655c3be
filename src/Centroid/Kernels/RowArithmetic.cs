using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// The two per-row operations the bounds algorithms share with Lloyd — shifting a row into working coordinates and
/// adding it to its cluster's sum — with exactly <see cref="VectorMath.Subtract{T}"/>'s and
/// <see cref="VectorMath.AddScaled{T}"/>'s arithmetic (one rounded subtraction, one FMA per element, at any width), but
/// compiled fully optimized at the first call: a fit's first iterations otherwise run them unoptimized until tiering
/// catches up, and the first iterations are where the bounds algorithms read every row.
/// </summary>
internal static class RowArithmetic
{
    /// <summary>destination[i] = a[i] − b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Subtract<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        int n = a.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<T>.Count <= n; i += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref ar, (nuint)i) - Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref ar, i) - Unsafe.Add(ref br, i);
        }
    }

    /// <summary>accumulator[i] = fma(x[i], w, accumulator[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled<T>(ReadOnlySpan<T> x, T w, Span<T> accumulator) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T ar = ref MemoryMarshal.GetReference(accumulator);
        int n = x.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> wv = Vector256.Create(w);
            for (; i + Vector256<T>.Count <= n; i += Vector256<T>.Count)
            {
                VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), wv, Vector256.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ar, i) = T.FusedMultiplyAdd(Unsafe.Add(ref xr, i), w, Unsafe.Add(ref ar, i));
        }
    }
}
