using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Centroid.Kernels;

/// <summary>
/// The only place that branches on the element type: fused multiply-add per vector width. The
/// <c>typeof(T)</c> tests are constants per instantiation, so the JIT keeps one branch.
/// </summary>
internal static class VectorMath
{
    /// <summary>(a × b) + c, fused for float and double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }

    /// <summary>(a × b) + c, fused for float and double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }

    /// <summary>(a × b) + c, fused for float and double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }

    /// <summary>
    /// Σ (x − s)·p and Σ (x − s)² in double, where x − s is rounded in T first (the centered value scikit-learn
    /// holds) and then widened, as its float32 distances upcast to float64. <paramref name="shift"/> may be empty.
    /// </summary>
    public static double ShiftedDotAndNorm<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> shift, ReadOnlySpan<double> point, out double norm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        int i = 0;
        double dot = 0;
        norm = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            ref T xr = ref MemoryMarshal.GetReference(x);
            ref T sr = ref MemoryMarshal.GetReference(shift);
            ref double pr = ref MemoryMarshal.GetReference(point);
            Vector256<double> dots = Vector256<double>.Zero, squares = Vector256<double>.Zero;
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                if (!shift.IsEmpty)
                {
                    v -= Vector256.LoadUnsafe(ref sr, (nuint)i);
                }

                if (typeof(T) == typeof(float))
                {
                    (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(v.AsSingle());
                    dots = Vector256.FusedMultiplyAdd(lower, Vector256.LoadUnsafe(ref pr, (nuint)i), dots);
                    dots = Vector256.FusedMultiplyAdd(upper, Vector256.LoadUnsafe(ref pr, (nuint)(i + 4)), dots);
                    squares = Vector256.FusedMultiplyAdd(lower, lower, squares);
                    squares = Vector256.FusedMultiplyAdd(upper, upper, squares);
                }
                else if (typeof(T) == typeof(double))
                {
                    Vector256<double> w = v.AsDouble();
                    dots = Vector256.FusedMultiplyAdd(w, Vector256.LoadUnsafe(ref pr, (nuint)i), dots);
                    squares = Vector256.FusedMultiplyAdd(w, w, squares);
                }
                else
                {
                    break;
                }
            }

            dot = Vector256.Sum(dots);
            norm = Vector256.Sum(squares);
        }

        for (; i < n; i++)
        {
            double v = double.CreateTruncating(shift.IsEmpty ? x[i] : x[i] - shift[i]);
            dot = Math.FusedMultiplyAdd(v, point[i], dot);
            norm = Math.FusedMultiplyAdd(v, v, norm);
        }

        return dot;
    }

    /// <summary>The smallest lane (halving the vector until one lane is left; scores are never NaN, and ±0 tie either way).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross<T>(Vector512<T> v) where T : unmanaged, IFloatingPointIeee754<T> =>
        MinAcross(Vector256.MinNative(v.GetLower(), v.GetUpper()));

    /// <summary>The smallest lane (halving the vector until one lane is left; scores are never NaN, and ±0 tie either way).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross<T>(Vector256<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector128<T> m = Vector128.MinNative(v.GetLower(), v.GetUpper());
        if (typeof(T) == typeof(float))
        {
            Vector128<float> f = m.AsSingle();
            f = Vector128.MinNative(f, Vector128.Shuffle(f, Vector128.Create(2, 3, 0, 1)));
            f = Vector128.MinNative(f, Vector128.Shuffle(f, Vector128.Create(1, 0, 3, 2)));
            return f.As<float, T>().ToScalar();
        }

        if (typeof(T) == typeof(double))
        {
            Vector128<double> g = m.AsDouble();
            g = Vector128.MinNative(g, Vector128.Shuffle(g, Vector128.Create(1L, 0L)));
            return g.As<double, T>().ToScalar();
        }

        T result = m.GetElement(0);
        for (int i = 1; i < Vector128<T>.Count; i++)
        {
            result = T.Min(result, m.GetElement(i));
        }

        return result;
    }

    /// <summary>Σ a[i] × b[i]: one Vector512 or Vector256 accumulator pair, then a scalar tail.</summary>
    /// <remarks>The summation order depends only on the length and the vector width, never on threads.</remarks>
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        int i = 0;
        T sum = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            Vector512<T> acc = Vector512<T>.Zero;
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                acc = MultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            Vector256<T> acc = Vector256<T>.Zero;
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                acc = MultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i), acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum = T.FusedMultiplyAdd(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), sum);
        }

        return sum;
    }

    /// <summary>
    /// Σ (a[i] − b[i])² in scikit-learn's order (<c>_euclidean_dense_dense</c>): blocks of four features summed
    /// left to right and added to the running total, then the remaining features one by one. Used where
    /// scikit-learn uses the exact difference form (inertia, empty-cluster relocation, center shift).
    /// </summary>
    public static T SquaredDistance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        int blocks = n & ~3;
        T result = T.Zero;
        int i = 0;
        for (; i < blocks; i += 4)
        {
            T d0 = Unsafe.Add(ref ar, i) - Unsafe.Add(ref br, i);
            T d1 = Unsafe.Add(ref ar, i + 1) - Unsafe.Add(ref br, i + 1);
            T d2 = Unsafe.Add(ref ar, i + 2) - Unsafe.Add(ref br, i + 2);
            T d3 = Unsafe.Add(ref ar, i + 3) - Unsafe.Add(ref br, i + 3);
            result += (d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3);
        }

        for (; i < n; i++)
        {
            T d = Unsafe.Add(ref ar, i) - Unsafe.Add(ref br, i);
            result += d * d;
        }

        return result;
    }

    /// <summary>destination[i] = a[i] − b[i] (each difference rounded once in T, as NumPy's <c>X -= mean</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        int n = destination.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                (Vector512.LoadUnsafe(ref ar, (nuint)i) - Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }

            if (i < n)
            {
                // The last full vector again: it overlaps lanes already written with the same values.
                int last = n - Vector512<T>.Count;
                (Vector512.LoadUnsafe(ref ar, (nuint)last) - Vector512.LoadUnsafe(ref br, (nuint)last)).StoreUnsafe(ref dr, (nuint)last);
                return;
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref ar, (nuint)i) - Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref ar, i) - Unsafe.Add(ref br, i);
        }
    }

    /// <summary>accumulator[i] += x[i] × w: one cluster's update-step sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<T>(ReadOnlySpan<T> x, T w, Span<T> accumulator) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T ar = ref MemoryMarshal.GetReference(accumulator);
        int n = x.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            Vector512<T> wv = Vector512.Create(w);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                MultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), wv, Vector512.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            Vector256<T> wv = Vector256.Create(w);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                MultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), wv, Vector256.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
            }
        }

        // A half-vector tail (d = 20 floats: 8 + 8 + 4) before the scalar one; fused per element, so the same bits.
        if (Vector128.IsHardwareAccelerated && n - i >= Vector128<T>.Count)
        {
            MultiplyAdd(Vector128.LoadUnsafe(ref xr, (nuint)i), Vector128.Create(w), Vector128.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
            i += Vector128<T>.Count;
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ar, i) = T.FusedMultiplyAdd(Unsafe.Add(ref xr, i), w, Unsafe.Add(ref ar, i));
        }
    }

    /// <summary>
    /// destination[i] += (double)source[i]: a block's sums in T added to a partition's double sums. The widening is
    /// exact, so vectors give the scalar loop's bits.
    /// </summary>
    public static void AddWidened<T>(ReadOnlySpan<T> source, Span<double> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The vector loads and stores below are unchecked.
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, source.Length, nameof(destination));
        ref T s = ref MemoryMarshal.GetReference(source);
        ref double t = ref MemoryMarshal.GetReference(destination);
        int n = source.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            if (typeof(T) == typeof(float))
            {
                ref float f = ref Unsafe.As<T, float>(ref s);
                for (; i + 8 <= n; i += 8)
                {
                    Vector256<float> v = Vector256.LoadUnsafe(ref f, (nuint)i);
                    (Vector256.LoadUnsafe(ref t, (nuint)i) + Vector256.WidenLower(v)).StoreUnsafe(ref t, (nuint)i);
                    (Vector256.LoadUnsafe(ref t, (nuint)(i + 4)) + Vector256.WidenUpper(v)).StoreUnsafe(ref t, (nuint)(i + 4));
                }
            }
            else if (typeof(T) == typeof(double))
            {
                ref double g = ref Unsafe.As<T, double>(ref s);
                for (; i + 4 <= n; i += 4)
                {
                    (Vector256.LoadUnsafe(ref t, (nuint)i) + Vector256.LoadUnsafe(ref g, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
                }
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref t, i) += Widen(Unsafe.Add(ref s, i));
        }
    }

    /// <summary>
    /// (double)<paramref name="value"/>. For float, cvtss2sd keeps the upper lanes of its first operand, which the JIT
    /// makes the previous result's register: a false dependency that chains every entry of a loop (about 7 cycles
    /// each); converting over a zero register breaks it. The value is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Widen<T>(T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Sse2.IsSupported)
        {
            return Sse2.ConvertScalarToVector128Double(Vector128<double>.Zero, Vector128.CreateScalarUnsafe(Unsafe.As<T, float>(ref value))).ToScalar();
        }

        return double.CreateTruncating(value);
    }

    /// <summary>
    /// destination[f] = (T)(sum[f] × alpha): a double product rounded once to T, with vectors (a vector conversion
    /// rounds to nearest as the scalar one does, so the bits are the same).
    /// </summary>
    public static void ScaleInto<T>(ReadOnlySpan<double> sum, double alpha, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The vector stores below are unchecked.
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, sum.Length, nameof(destination));
        ref double s = ref MemoryMarshal.GetReference(sum);
        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> a = Vector256.Create(alpha);
            if (typeof(T) == typeof(float))
            {
                Span<float> target = MemoryMarshal.Cast<T, float>(destination);
                for (; f + 8 <= sum.Length; f += 8)
                {
                    Vector256<float> narrowed = Vector256.Narrow(Vector256.LoadUnsafe(ref s, (nuint)f) * a, Vector256.LoadUnsafe(ref s, (nuint)(f + 4)) * a);
                    narrowed.StoreUnsafe(ref MemoryMarshal.GetReference(target), (nuint)f);
                }
            }
            else if (typeof(T) == typeof(double))
            {
                Span<double> target = MemoryMarshal.Cast<T, double>(destination);
                for (; f + 4 <= sum.Length; f += 4)
                {
                    (Vector256.LoadUnsafe(ref s, (nuint)f) * a).StoreUnsafe(ref MemoryMarshal.GetReference(target), (nuint)f);
                }
            }
        }

        for (; f < sum.Length; f++)
        {
            destination[f] = T.CreateTruncating(sum[f] * alpha);
        }
    }
}
