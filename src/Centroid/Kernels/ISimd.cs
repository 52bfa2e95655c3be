using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Centroid.Kernels;

/// <summary>
/// One vector width as static operations, so a kernel is written once and instantiated per width (Vector512,
/// Vector256, scalar) — the operator-struct pattern of TensorPrimitives.
/// </summary>
internal interface ISimd<T, TVector>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVector : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs in hardware here.</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Count elements from <paramref name="source"/> + <paramref name="offset"/>.</summary>
    static abstract TVector Load(ref T source, nuint offset);

    /// <summary>Stores all lanes at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TVector value, ref T destination, nuint offset);

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>(a × b) + c per lane, fused.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>first, first + 1, …, first + Count − 1 (center indices of consecutive lanes).</summary>
    static abstract TVector Sequence(T first);

    /// <summary>Per lane: where <paramref name="score"/> &lt; <paramref name="best"/> (strictly), take the score and its index.</summary>
    static abstract void KeepSmaller(TVector score, TVector index, ref TVector best, ref TVector bestIndex);

    /// <summary>The smallest lane of <paramref name="best"/> and, among lanes holding it, the smallest index.</summary>
    static abstract T Reduce(TVector best, TVector bestIndex, out T index);

    /// <summary>
    /// The smallest lane of <paramref name="scores"/> and the first lane holding it: <see cref="Reduce"/> with the lane
    /// numbers as indices, in a mask and a bit scan instead of a second reduction.
    /// </summary>
    static abstract T ArgMin(TVector scores, out int lane);

    /// <summary>
    /// The smallest lane of <paramref name="low"/> and <paramref name="high"/> and the first position holding it, the
    /// lanes of <paramref name="high"/> numbered after those of <paramref name="low"/>.
    /// </summary>
    static abstract T ArgMin(TVector low, TVector high, out int position);
}

/// <summary>512-bit vectors (16 floats or 8 doubles).</summary>
internal readonly struct Simd512<T> : ISimd<T, Vector512<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => VectorMath.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sequence(T first) => Vector512<T>.Indices + Vector512.Create(first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepSmaller(Vector512<T> score, Vector512<T> index, ref Vector512<T> best, ref Vector512<T> bestIndex)
    {
        Vector512<T> smaller = Vector512.LessThan(score, best);
        best = Vector512.ConditionalSelect(smaller, score, best);
        bestIndex = Vector512.ConditionalSelect(smaller, index, bestIndex);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Reduce(Vector512<T> best, Vector512<T> bestIndex, out T index)
    {
        T min = VectorMath.MinAcross(best);
        index = VectorMath.MinAcross(Vector512.ConditionalSelect(Vector512.Equals(best, Vector512.Create(min)), bestIndex, Vector512.Create(T.PositiveInfinity)));
        return min;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ArgMin(Vector512<T> scores, out int lane)
    {
        T min = VectorMath.MinAcross(scores);
        lane = BitOperations.TrailingZeroCount(Vector512.Equals(scores, Vector512.Create(min)).ExtractMostSignificantBits());
        return min;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ArgMin(Vector512<T> low, Vector512<T> high, out int position)
    {
        T min = VectorMath.MinAcross(Vector512.MinNative(low, high));
        Vector512<T> all = Vector512.Create(min);
        ulong mask = Vector512.Equals(low, all).ExtractMostSignificantBits()
            | ((ulong)Vector512.Equals(high, all).ExtractMostSignificantBits() << Vector512<T>.Count);
        position = BitOperations.TrailingZeroCount(mask);
        return min;
    }
}

/// <summary>256-bit vectors (8 floats or 4 doubles).</summary>
internal readonly struct Simd256<T> : ISimd<T, Vector256<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => VectorMath.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sequence(T first) => Vector256<T>.Indices + Vector256.Create(first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepSmaller(Vector256<T> score, Vector256<T> index, ref Vector256<T> best, ref Vector256<T> bestIndex)
    {
        Vector256<T> smaller = Vector256.LessThan(score, best);
        if (Avx.IsSupported && typeof(T) == typeof(float))
        {
            // One blend instruction per select where ConditionalSelect compiles to and, and-not and or.
            best = Avx.BlendVariable(best.AsSingle(), score.AsSingle(), smaller.AsSingle()).As<float, T>();
            bestIndex = Avx.BlendVariable(bestIndex.AsSingle(), index.AsSingle(), smaller.AsSingle()).As<float, T>();
        }
        else if (Avx.IsSupported && typeof(T) == typeof(double))
        {
            best = Avx.BlendVariable(best.AsDouble(), score.AsDouble(), smaller.AsDouble()).As<double, T>();
            bestIndex = Avx.BlendVariable(bestIndex.AsDouble(), index.AsDouble(), smaller.AsDouble()).As<double, T>();
        }
        else
        {
            best = Vector256.ConditionalSelect(smaller, score, best);
            bestIndex = Vector256.ConditionalSelect(smaller, index, bestIndex);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Reduce(Vector256<T> best, Vector256<T> bestIndex, out T index)
    {
        T min = VectorMath.MinAcross(best);
        index = VectorMath.MinAcross(Vector256.ConditionalSelect(Vector256.Equals(best, Vector256.Create(min)), bestIndex, Vector256.Create(T.PositiveInfinity)));
        return min;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ArgMin(Vector256<T> scores, out int lane)
    {
        T min = VectorMath.MinAcross(scores);
        lane = BitOperations.TrailingZeroCount(Vector256.Equals(scores, Vector256.Create(min)).ExtractMostSignificantBits());
        return min;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ArgMin(Vector256<T> low, Vector256<T> high, out int position)
    {
        T min = VectorMath.MinAcross(Vector256.MinNative(low, high));
        Vector256<T> all = Vector256.Create(min);
        ulong mask = Vector256.Equals(low, all).ExtractMostSignificantBits()
            | ((ulong)Vector256.Equals(high, all).ExtractMostSignificantBits() << Vector256<T>.Count);
        position = BitOperations.TrailingZeroCount(mask);
        return min;
    }
}

/// <summary>One lane: the portable path, and the reference the vector paths are tested against.</summary>
internal readonly struct SimdScalar<T> : ISimd<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static bool IsAccelerated => true;

    public static T Zero => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => T.FusedMultiplyAdd(a, b, c);

    public static T Sequence(T first) => first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepSmaller(T score, T index, ref T best, ref T bestIndex)
    {
        if (score < best)
        {
            best = score;
            bestIndex = index;
        }
    }

    public static T Reduce(T best, T bestIndex, out T index)
    {
        index = bestIndex;
        return best;
    }

    public static T ArgMin(T scores, out int lane)
    {
        lane = 0;
        return scores;
    }

    public static T ArgMin(T low, T high, out int position)
    {
        position = high < low ? 1 : 0;
        return position == 1 ? high : low;
    }
}
