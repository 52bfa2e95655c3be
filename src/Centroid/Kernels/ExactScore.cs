using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// The assignment kernels' score ‖c‖² − 2 x·c for chosen centers, bit for bit: the dot product summed term by term
/// with one FMA per term from zero (dense: features in order; CSR: stored entries in order), then fma(−2, dot, ‖c‖²).
/// This is what every lane of <see cref="DenseAssignKernel"/> and <see cref="CsrAssignKernel"/> computes at every
/// vector width, so a bounds algorithm that scores only some centers compares exactly the numbers Lloyd compares.
/// </summary>
/// <remarks>Tests hold these functions to the kernels' scores bit for bit, so a change of summation order in a kernel cannot go unnoticed.</remarks>
internal static class ExactScore
{
    /// <summary>
    /// Lanes per vector at the widest accelerated width: scoring m chosen centers one by one costs about as much as
    /// scoring all k at once with vectors when m × <see cref="Lanes{T}"/> ≥ k, so callers with more candidates score all.
    /// </summary>
    public static int Lanes<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        Simd512<T>.IsAccelerated ? Simd512<T>.Count : Simd256<T>.IsAccelerated ? Simd256<T>.Count : 1;

    /// <summary>
    /// Lloyd's choice among <paramref name="scores"/> (the smallest, the lowest index on ties) and the smallest of the
    /// others (+∞ if there is one score), branch-free on vectors: each lane keeps its two smallest values and the first
    /// index of the smallest (lanes see their indices in increasing order, and only a strictly smaller value replaces
    /// it), then the lanes are combined — the lowest index among lanes holding the minimum, and the second is the
    /// smaller of that lane's second and the other lanes' minima.
    /// </summary>
    /// <param name="scores">Scores; when their count is a multiple of the vector width no scalar tail runs (callers pass the padded scores, +∞ past k).</param>
    /// <param name="second">The smallest score other than the chosen one's.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TopTwo<T>(ReadOnlySpan<T> scores, out T second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = scores.Length;
        int w = Vector256<T>.Count;
        if (!Vector256.IsHardwareAccelerated || n < w)
        {
            return TopTwoScalar(scores, 0, n, T.PositiveInfinity, T.PositiveInfinity, -1, out second);
        }

        if (n % (2 * w) == 0)
        {
            return TopTwoPairs(scores, out second);
        }

        ref T s = ref MemoryMarshal.GetReference(scores);
        Vector256<T> first = Vector256.Create(T.PositiveInfinity);
        Vector256<T> next = first;
        Vector256<T> at = Vector256<T>.Zero;
        Vector256<T> index = Vector256<T>.Indices;
        Vector256<T> step = Vector256.Create(T.CreateTruncating(w));
        int j = 0;
        for (; j + w <= n; j += w)
        {
            // Scores are never NaN, so the native min/max (one instruction each) are exact here.
            Vector256<T> v = Vector256.LoadUnsafe(ref s, (nuint)j);
            Vector256<T> smaller = Vector256.LessThan(v, first);
            next = Vector256.MinNative(next, Vector256.MaxNative(first, v));
            at = Vector256.ConditionalSelect(smaller, index, at);
            first = Vector256.MinNative(first, v);
            index += step;
        }

        // Combine the lanes in registers: the minimum, the lowest index among lanes holding it (indices differ across
        // lanes, so that picks one lane), then that lane's second against every other lane's minimum.
        T best = VectorMath.MinAcross(first);
        Vector256<T> holds = Vector256.Equals(first, Vector256.Create(best));
        T chosen = VectorMath.MinAcross(Vector256.ConditionalSelect(holds, at, Vector256.Create(T.PositiveInfinity)));
        Vector256<T> lane = holds & Vector256.Equals(at, Vector256.Create(chosen));
        T other = VectorMath.MinAcross(Vector256.ConditionalSelect(lane, next, first));
        int bestIndex = int.CreateTruncating(chosen);
        return j == n ? Finish(bestIndex, other, out second) : TopTwoScalar(scores, j, n, best, other, bestIndex, out second);

        static int Finish(int index, T value, out T result)
        {
            result = value;
            return index;
        }
    }

    /// <summary>
    /// <see cref="TopTwo"/> for a multiple of two vectors of scores, with less latency: two independent sets of lanes
    /// keep their two smallest values (no index), merged at the end; the chosen index is then the first position holding
    /// the minimum (found a vector at a time), and the second is the minimum itself if two lanes hold it, else the
    /// smaller of that lane's second and the other lanes' minima — the same index and value as the general loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TopTwoPairs<T>(ReadOnlySpan<T> scores, out T second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = scores.Length;
        int w = Vector256<T>.Count;
        ref T s = ref MemoryMarshal.GetReference(scores);
        Vector256<T> first0 = Vector256.Create(T.PositiveInfinity);
        Vector256<T> next0 = first0, first1 = first0, next1 = first0;
        for (int j = 0; j < n; j += 2 * w)
        {
            // Scores are never NaN, so the native min/max (one instruction each) are exact here.
            Vector256<T> v0 = Vector256.LoadUnsafe(ref s, (nuint)j);
            Vector256<T> v1 = Vector256.LoadUnsafe(ref s, (nuint)(j + w));
            next0 = Vector256.MinNative(next0, Vector256.MaxNative(first0, v0));
            first0 = Vector256.MinNative(first0, v0);
            next1 = Vector256.MinNative(next1, Vector256.MaxNative(first1, v1));
            first1 = Vector256.MinNative(first1, v1);
        }

        // Per lane, the two smallest of both sets.
        Vector256<T> first = Vector256.MinNative(first0, first1);
        Vector256<T> next = Vector256.MinNative(Vector256.MinNative(next0, next1), Vector256.MaxNative(first0, first1));
        T best = VectorMath.MinAcross(first);
        Vector256<T> target = Vector256.Create(best);
        Vector256<T> holds = Vector256.Equals(first, target);
        second = BitOperations.PopCount(holds.ExtractMostSignificantBits()) > 1 ? best : VectorMath.MinAcross(Vector256.ConditionalSelect(holds, next, first));
        for (int j = 0; j < n; j += w)
        {
            uint found = Vector256.Equals(Vector256.LoadUnsafe(ref s, (nuint)j), target).ExtractMostSignificantBits();
            if (found != 0)
            {
                return j + BitOperations.TrailingZeroCount(found);
            }
        }

        // Not reached: the minimum is one of the scores.
        return 0;
    }

    /// <summary>The scalar continuation of <see cref="TopTwo"/> from <paramref name="start"/>, given the best so far.</summary>
    private static int TopTwoScalar<T>(ReadOnlySpan<T> scores, int start, int end, T first, T next, int best, out T second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = start; j < end; j++)
        {
            T v = scores[j];
            if (v < first)
            {
                next = first;
                first = v;
                best = j;
            }
            else if (v < next)
            {
                next = v;
            }
        }

        second = next;
        return Math.Max(best, 0);
    }

    /// <summary>
    /// Whether scoring all centers with vectors (about (P / lanes)·d FMAs and a scan of P scores, P the padded k) is
    /// cheaper than scoring <paramref name="candidates"/> chosen ones one by one (about d + 8 each).
    /// </summary>
    public static bool AllIsCheaper<T>(int candidates, int paddedClusters, int terms) where T : unmanaged, IFloatingPointIeee754<T> =>
        (long)candidates * (terms + 8) >= ((long)paddedClusters / Lanes<T>() * terms) + paddedClusters;

    /// <summary>‖c‖² − 2 x·c for a dense row <paramref name="x"/> and center <paramref name="center"/> with squared norm <paramref name="norm"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dense<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> center, T norm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T cr = ref MemoryMarshal.GetReference(center);
        T acc = T.Zero;
        for (int f = 0; f < x.Length; f++)
        {
            acc = T.FusedMultiplyAdd(Unsafe.Add(ref xr, f), Unsafe.Add(ref cr, f), acc);
        }

        return T.FusedMultiplyAdd(T.CreateTruncating(-2), acc, norm);
    }

    /// <summary>
    /// The scores of dense row <paramref name="x"/> for the centers listed in <paramref name="clusters"/>, into
    /// <paramref name="scores"/>: four independent FMA chains at a time, so the loop runs at FMA throughput rather
    /// than latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dense<T>(ReadOnlySpan<T> x, CenterSet<T> centers, ReadOnlySpan<int> clusters, Span<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Length;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T values = ref MemoryMarshal.GetArrayDataReference(centers.Values);
        T minusTwo = T.CreateTruncating(-2);
        int m = clusters.Length;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            int j0 = clusters[i], j1 = clusters[i + 1], j2 = clusters[i + 2], j3 = clusters[i + 3];
            ref T c0 = ref Unsafe.Add(ref values, (nint)j0 * d);
            ref T c1 = ref Unsafe.Add(ref values, (nint)j1 * d);
            ref T c2 = ref Unsafe.Add(ref values, (nint)j2 * d);
            ref T c3 = ref Unsafe.Add(ref values, (nint)j3 * d);
            T a0 = T.Zero, a1 = T.Zero, a2 = T.Zero, a3 = T.Zero;
            for (int f = 0; f < d; f++)
            {
                T v = Unsafe.Add(ref xr, f);
                a0 = T.FusedMultiplyAdd(v, Unsafe.Add(ref c0, f), a0);
                a1 = T.FusedMultiplyAdd(v, Unsafe.Add(ref c1, f), a1);
                a2 = T.FusedMultiplyAdd(v, Unsafe.Add(ref c2, f), a2);
                a3 = T.FusedMultiplyAdd(v, Unsafe.Add(ref c3, f), a3);
            }

            scores[i] = T.FusedMultiplyAdd(minusTwo, a0, centers.Norms[j0]);
            scores[i + 1] = T.FusedMultiplyAdd(minusTwo, a1, centers.Norms[j1]);
            scores[i + 2] = T.FusedMultiplyAdd(minusTwo, a2, centers.Norms[j2]);
            scores[i + 3] = T.FusedMultiplyAdd(minusTwo, a3, centers.Norms[j3]);
        }

        for (; i < m; i++)
        {
            int j = clusters[i];
            scores[i] = Dense(x, centers.Values.AsSpan(j * d, d), centers.Norms[j]);
        }
    }

    /// <summary>
    /// Row r's score for center clusters[r], for up to four dense rows stored one after another in
    /// <paramref name="x"/> (<paramref name="features"/> each): four independent FMA chains side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DensePairs<T>(ReadOnlySpan<T> x, int features, ReadOnlySpan<int> clusters, CenterSet<T> centers, Span<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = clusters.Length;
        if (m < 4)
        {
            for (int r = 0; r < m; r++)
            {
                int j = clusters[r];
                scores[r] = Dense(x.Slice(r * features, features), centers.Values.AsSpan(j * features, features), centers.Norms[j]);
            }

            return;
        }

        int j0 = clusters[0], j1 = clusters[1], j2 = clusters[2], j3 = clusters[3];
        ref T values = ref MemoryMarshal.GetArrayDataReference(centers.Values);
        ref T c0 = ref Unsafe.Add(ref values, (nint)j0 * features);
        ref T c1 = ref Unsafe.Add(ref values, (nint)j1 * features);
        ref T c2 = ref Unsafe.Add(ref values, (nint)j2 * features);
        ref T c3 = ref Unsafe.Add(ref values, (nint)j3 * features);
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T x1 = ref Unsafe.Add(ref x0, features);
        ref T x2 = ref Unsafe.Add(ref x1, features);
        ref T x3 = ref Unsafe.Add(ref x2, features);
        T a0 = T.Zero, a1 = T.Zero, a2 = T.Zero, a3 = T.Zero;
        for (int f = 0; f < features; f++)
        {
            a0 = T.FusedMultiplyAdd(Unsafe.Add(ref x0, f), Unsafe.Add(ref c0, f), a0);
            a1 = T.FusedMultiplyAdd(Unsafe.Add(ref x1, f), Unsafe.Add(ref c1, f), a1);
            a2 = T.FusedMultiplyAdd(Unsafe.Add(ref x2, f), Unsafe.Add(ref c2, f), a2);
            a3 = T.FusedMultiplyAdd(Unsafe.Add(ref x3, f), Unsafe.Add(ref c3, f), a3);
        }

        T minusTwo = T.CreateTruncating(-2);
        scores[0] = T.FusedMultiplyAdd(minusTwo, a0, centers.Norms[j0]);
        scores[1] = T.FusedMultiplyAdd(minusTwo, a1, centers.Norms[j1]);
        scores[2] = T.FusedMultiplyAdd(minusTwo, a2, centers.Norms[j2]);
        scores[3] = T.FusedMultiplyAdd(minusTwo, a3, centers.Norms[j3]);
    }

    /// <summary>‖c‖² − 2 x·c for a CSR row (entries in stored order) and a dense center.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sparse<T>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, ReadOnlySpan<T> center, T norm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T acc = T.Zero;
        for (int e = 0; e < values.Length; e++)
        {
            acc = T.FusedMultiplyAdd(values[e], center[indices[e]], acc);
        }

        return T.FusedMultiplyAdd(T.CreateTruncating(-2), acc, norm);
    }

    /// <summary>
    /// Every center's score for one dense row: scores[j] for j &lt; <see cref="CenterSet{T}.PaddedClusters"/> (padding
    /// +∞), four vectors of centers per pass over the row so four FMA chains are in flight.
    /// </summary>
    /// <param name="x">The row, in working coordinates.</param>
    /// <param name="centers">The centers.</param>
    /// <param name="scores">At least <see cref="CenterSet{T}.PaddedClusters"/> + <see cref="CenterSet{T}.MaxLanes"/> elements.</param>
    public static void DenseAll<T>(ReadOnlySpan<T> x, CenterSet<T> centers, Span<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            DenseAll<T, Simd512<T>, Vector512<T>>(x, centers, scores);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            DenseAll<T, Simd256<T>, Vector256<T>>(x, centers, scores);
        }
        else
        {
            DenseAll<T, SimdScalar<T>, T>(x, centers, scores);
        }
    }

    /// <summary><see cref="DenseAll{T}(ReadOnlySpan{T}, CenterSet{T}, Span{T})"/> at one width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DenseAll<T, TSimd, TVector>(ReadOnlySpan<T> x, CenterSet<T> centers, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        int d = x.Length;
        ref T ct = ref MemoryMarshal.GetReference(centers.Transposed);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T s = ref MemoryMarshal.GetReference(scores);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        int c = 0;
        for (; c + (4 * w) <= stride; c += 4 * w)
        {
            TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            ref T column = ref Unsafe.Add(ref ct, c);
            for (int f = 0; f < d; f++)
            {
                TVector v = TSimd.Broadcast(Unsafe.Add(ref xr, f));
                a0 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, 0), a0);
                a1 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)w), a1);
                a2 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)(2 * w)), a2);
                a3 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)(3 * w)), a3);
                column = ref Unsafe.Add(ref column, stride);
            }

            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a0, TSimd.Load(ref norms, (nuint)c)), ref s, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a1, TSimd.Load(ref norms, (nuint)(c + w))), ref s, (nuint)(c + w));
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a2, TSimd.Load(ref norms, (nuint)(c + (2 * w)))), ref s, (nuint)(c + (2 * w)));
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a3, TSimd.Load(ref norms, (nuint)(c + (3 * w)))), ref s, (nuint)(c + (3 * w)));
        }

        for (; c < stride; c += w)
        {
            TVector a0 = TSimd.Zero;
            ref T column = ref Unsafe.Add(ref ct, c);
            for (int f = 0; f < d; f++)
            {
                a0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref xr, f)), TSimd.Load(ref column, 0), a0);
                column = ref Unsafe.Add(ref column, stride);
            }

            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a0, TSimd.Load(ref norms, (nuint)c)), ref s, (nuint)c);
        }
    }

    /// <summary>
    /// Every center's score for one CSR row, as the general path of <see cref="CsrAssignKernel"/>: each stored entry adds
    /// v × (its feature of every center) to the k dot products, in stored order.
    /// </summary>
    /// <param name="indices">The row's column indices.</param>
    /// <param name="values">The row's values.</param>
    /// <param name="centers">The centers.</param>
    /// <param name="scores">At least <see cref="CenterSet{T}.PaddedClusters"/> + <see cref="CenterSet{T}.MaxLanes"/> elements.</param>
    public static void SparseAll<T>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, Span<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            SparseAll<T, Simd512<T>, Vector512<T>>(indices, values, centers, scores);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            SparseAll<T, Simd256<T>, Vector256<T>>(indices, values, centers, scores);
        }
        else
        {
            SparseAll<T, SimdScalar<T>, T>(indices, values, centers, scores);
        }
    }

    /// <summary><see cref="SparseAll{T}(ReadOnlySpan{int}, ReadOnlySpan{T}, CenterSet{T}, Span{T})"/> at one width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SparseAll<T, TSimd, TVector>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetReference(centers.Transposed);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        ref T acc = ref MemoryMarshal.GetReference(scores);
        scores[..(stride + w)].Clear();
        for (int e = 0; e < values.Length; e++)
        {
            TVector v = TSimd.Broadcast(values[e]);
            ref T column = ref Unsafe.Add(ref ct, (nint)indices[e] * stride);
            for (int c = 0; c < stride; c += w)
            {
                TSimd.Store(TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)c), TSimd.Load(ref acc, (nuint)c)), ref acc, (nuint)c);
            }
        }

        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        for (int c = 0; c < stride; c += w)
        {
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, TSimd.Load(ref acc, (nuint)c), TSimd.Load(ref norms, (nuint)c)), ref acc, (nuint)c);
        }
    }
}
