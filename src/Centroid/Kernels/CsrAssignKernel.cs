using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// The CSR assignment kernel: the nearest center of one sparse row by ‖c‖² − 2 x·c. With the centers stored
/// feature-major (<see cref="CenterSet{T}.Transposed"/>), each stored entry (j, v) of the row is one broadcast of v
/// and k/W FMAs into the row's k dot products — a contiguous load of center values instead of k scattered ones.
/// </summary>
/// <remarks>
/// The dot products are summed entry by entry in stored order for every center, as scikit-learn does, with FMAs.
/// Padding centers (norm +∞) never win; ties go to the lowest center index.
/// </remarks>
internal static class CsrAssignKernel
{
    /// <summary>The best center of the row (<paramref name="indices"/>, <paramref name="values"/>) and its score, at the widest accelerated width.</summary>
    public static int Nearest<T>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, Span<T> dots, out T score)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            return Nearest<T, Simd512<T>, Vector512<T>>(indices, values, centers, dots, out score);
        }

        if (Simd256<T>.IsAccelerated)
        {
            return Nearest<T, Simd256<T>, Vector256<T>>(indices, values, centers, dots, out score);
        }

        return Nearest<T, SimdScalar<T>, T>(indices, values, centers, dots, out score);
    }

    /// <summary>
    /// The best center and its score of each row in [<paramref name="first"/>, <paramref name="end"/>) of the CSR arrays,
    /// written to <paramref name="labels"/> and <paramref name="scores"/> from index 0, at the widest accelerated width.
    /// Bit for bit what <see cref="Nearest{T}"/> gives row by row.
    /// </summary>
    /// <param name="indptr">Row pointers (rows + 1, validated: starting at 0, non-decreasing).</param>
    /// <param name="indices">All column indices (validated: within the centers' features).</param>
    /// <param name="values">All stored values.</param>
    /// <param name="first">First row.</param>
    /// <param name="end">End of the rows (exclusive).</param>
    /// <param name="centers">The centers.</param>
    /// <param name="dots">Scratch of <see cref="CenterSet{T}.PaddedClusters"/> + <see cref="CenterSet{T}.MaxLanes"/> elements.</param>
    /// <param name="labels">At least end − first labels.</param>
    /// <param name="scores">At least end − first scores.</param>
    public static void NearestRows<T>(ReadOnlySpan<int> indptr, ReadOnlySpan<int> indices, ReadOnlySpan<T> values, int first, int end, CenterSet<T> centers, Span<T> dots, Span<int> labels, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            NearestRows<T, Simd512<T>, Vector512<T>>(indptr, indices, values, first, end, centers, dots, labels, scores);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            NearestRows<T, Simd256<T>, Vector256<T>>(indptr, indices, values, first, end, centers, dots, labels, scores);
        }
        else
        {
            NearestRows<T, SimdScalar<T>, T>(indptr, indices, values, first, end, centers, dots, labels, scores);
        }
    }

    /// <summary>Scratch elements for <paramref name="clusters"/> centers: the dot products of one row.</summary>
    public static int ScratchLength<T>(int clusters) where T : unmanaged, IFloatingPointIeee754<T> =>
        CenterSet<T>.PaddedCount(clusters) + CenterSet<T>.MaxLanes;

    /// <summary><see cref="NearestRows{T}"/> at one vector width.</summary>
    internal static void NearestRows<T, TSimd, TVector>(ReadOnlySpan<int> indptr, ReadOnlySpan<int> indices, ReadOnlySpan<T> values, int first, int end, CenterSet<T> centers, Span<T> dots, Span<int> labels, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        if ((uint)first > (uint)end || end >= indptr.Length || labels.Length < end - first || scores.Length < end - first || indptr[end] > Math.Min(indices.Length, values.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(end));
        }

        if (dots.Length < centers.PaddedClusters + CenterSet<T>.MaxLanes)
        {
            throw new ArgumentException("The dot products need PaddedClusters + MaxLanes elements.", nameof(dots));
        }

        // Up to 4 vectors of dot products per row stay in registers, for two rows at once; the count is a type so
        // that each instantiation loads exactly the vectors that hold centers (a fourth one would touch a third line).
        ref T ct = ref MemoryMarshal.GetReference(centers.Transposed);
        int vectors = (centers.PaddedClusters + TSimd.Count - 1) / TSimd.Count;
        switch (vectors)
        {
            case 1:
                PairsInRegisters<T, TSimd, TVector, One>(indptr, indices, values, first, end, centers, ref ct, labels, scores);
                return;
            case 2:
                PairsInRegisters<T, TSimd, TVector, Two>(indptr, indices, values, first, end, centers, ref ct, labels, scores);
                return;
            case 3:
                PairsInRegisters<T, TSimd, TVector, Three>(indptr, indices, values, first, end, centers, ref ct, labels, scores);
                return;
            case 4:
                PairsInRegisters<T, TSimd, TVector, Four>(indptr, indices, values, first, end, centers, ref ct, labels, scores);
                return;
        }

        for (int row = first; row < end; row++)
        {
            int start = indptr[row], stop = indptr[row + 1];
            labels[row - first] = Nearest<T, TSimd, TVector>(indices[start..stop], values[start..stop], centers, ref ct, dots, out scores[row - first]);
        }
    }

    /// <summary>The kernel at one vector width; <paramref name="dots"/> is scratch of <see cref="CenterSet{T}.PaddedClusters"/> + <see cref="CenterSet{T}.MaxLanes"/> elements.</summary>
    internal static int Nearest<T, TSimd, TVector>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, Span<T> dots, out T score)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct =>
        Nearest<T, TSimd, TVector>(indices, values, centers, ref MemoryMarshal.GetReference(centers.Transposed), dots, out score);

    /// <summary>The one-row kernel reading the transposed centers at <paramref name="ct"/>.</summary>
    private static int Nearest<T, TSimd, TVector>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, ref T ct, Span<T> dots, out T score)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        TVector best = TSimd.Broadcast(T.PositiveInfinity);
        TVector bestIndex = TSimd.Zero;
        if (stride <= 4 * w)
        {
            // Few centers: the k dot products live in 4 registers (lanes past k read the slack, see CenterSet).
            TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            for (int e = 0; e < values.Length; e++)
            {
                TVector v = TSimd.Broadcast(values[e]);
                ref T column = ref Unsafe.Add(ref ct, indices[e] * stride);
                a0 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, 0), a0);
                a1 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)w), a1);
                a2 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)(2 * w)), a2);
                a3 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)(3 * w)), a3);
            }

            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a0, TSimd.Load(ref norms, 0)), TSimd.Sequence(T.Zero), ref best, ref bestIndex);
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a1, TSimd.Load(ref norms, (nuint)w)), TSimd.Sequence(T.CreateTruncating(w)), ref best, ref bestIndex);
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a2, TSimd.Load(ref norms, (nuint)(2 * w))), TSimd.Sequence(T.CreateTruncating(2 * w)), ref best, ref bestIndex);
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a3, TSimd.Load(ref norms, (nuint)(3 * w))), TSimd.Sequence(T.CreateTruncating(3 * w)), ref best, ref bestIndex);
            score = TSimd.Reduce(best, bestIndex, out T nearest);
            return int.CreateTruncating(nearest);
        }

        ref T acc = ref MemoryMarshal.GetReference(dots);
        dots.Clear();
        for (int e = 0; e < values.Length; e++)
        {
            TVector v = TSimd.Broadcast(values[e]);
            ref T column = ref Unsafe.Add(ref ct, indices[e] * stride);
            for (int c = 0; c < stride; c += w)
            {
                TSimd.Store(TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)c), TSimd.Load(ref acc, (nuint)c)), ref acc, (nuint)c);
            }
        }

        for (int c = 0; c < stride; c += w)
        {
            TVector s = TSimd.MultiplyAdd(minusTwo, TSimd.Load(ref acc, (nuint)c), TSimd.Load(ref norms, (nuint)c));
            TSimd.KeepSmaller(s, TSimd.Sequence(T.CreateTruncating(c)), ref best, ref bestIndex);
        }

        score = TSimd.Reduce(best, bestIndex, out T label);
        return int.CreateTruncating(label);
    }

    /// <summary>
    /// Rows two at a time, <typeparamref name="TCount"/> vectors of dot products each in registers. A row alone is one
    /// FMA chain per vector (4 cycles an entry); two rows in lockstep while both have entries, then each one's tail,
    /// overlap two chains. Every (row, center) sum still takes the row's entries in stored order.
    /// </summary>
    /// <remarks>
    /// A row is paired with the row half the range away, not with its neighbour: with neighbours, whose entries lie
    /// back to back, the same kernel ran 7–10% slower (tf-idf, k = 8 and 20, one thread and two; cause not pinned down).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PairsInRegisters<T, TSimd, TVector, TCount>(ReadOnlySpan<int> indptr, ReadOnlySpan<int> indices, ReadOnlySpan<T> values, int first, int end, CenterSet<T> centers, ref T ct, Span<int> labels, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
        where TCount : IVectorCount
    {
        nint stride = centers.PaddedClusters;
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        ref int allIndices = ref MemoryMarshal.GetReference(indices);
        ref T allValues = ref MemoryMarshal.GetReference(values);
        int half = (end - first) / 2;
        for (int pair = 0; pair < half; pair++)
        {
            int row0 = first + pair, row1 = row0 + half;
            int start0 = indptr[row0], start1 = indptr[row1];
            ref int i0 = ref Unsafe.Add(ref allIndices, start0);
            ref T v0 = ref Unsafe.Add(ref allValues, start0);
            ref int i1 = ref Unsafe.Add(ref allIndices, start1);
            ref T v1 = ref Unsafe.Add(ref allValues, start1);
            int n0 = indptr[row0 + 1] - start0, n1 = indptr[row1 + 1] - start1;
            TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            TVector b0 = TSimd.Zero, b1 = TSimd.Zero, b2 = TSimd.Zero, b3 = TSimd.Zero;
            int common = Math.Min(n0, n1);
            int e = 0;
            for (; e < common; e++)
            {
                TVector x = TSimd.Broadcast(Unsafe.Add(ref v0, e));
                TVector y = TSimd.Broadcast(Unsafe.Add(ref v1, e));
                ref T c0 = ref Unsafe.Add(ref ct, Unsafe.Add(ref i0, e) * stride);
                ref T c1 = ref Unsafe.Add(ref ct, Unsafe.Add(ref i1, e) * stride);
                a0 = TSimd.MultiplyAdd(x, TSimd.Load(ref c0, 0), a0);
                b0 = TSimd.MultiplyAdd(y, TSimd.Load(ref c1, 0), b0);
                if (TCount.Value > 1)
                {
                    a1 = TSimd.MultiplyAdd(x, TSimd.Load(ref c0, (nuint)TSimd.Count), a1);
                    b1 = TSimd.MultiplyAdd(y, TSimd.Load(ref c1, (nuint)TSimd.Count), b1);
                }

                if (TCount.Value > 2)
                {
                    a2 = TSimd.MultiplyAdd(x, TSimd.Load(ref c0, (nuint)(2 * TSimd.Count)), a2);
                    b2 = TSimd.MultiplyAdd(y, TSimd.Load(ref c1, (nuint)(2 * TSimd.Count)), b2);
                }

                if (TCount.Value > 3)
                {
                    a3 = TSimd.MultiplyAdd(x, TSimd.Load(ref c0, (nuint)(3 * TSimd.Count)), a3);
                    b3 = TSimd.MultiplyAdd(y, TSimd.Load(ref c1, (nuint)(3 * TSimd.Count)), b3);
                }
            }

            Dots<TVector> a = AddEntries<T, TSimd, TVector, TCount>(ref i0, ref v0, e, n0, ref ct, stride, new Dots<TVector>(a0, a1, a2, a3));
            Dots<TVector> b = AddEntries<T, TSimd, TVector, TCount>(ref i1, ref v1, e, n1, ref ct, stride, new Dots<TVector>(b0, b1, b2, b3));
            labels[pair] = Finish<T, TSimd, TVector, TCount>(a, ref norms, out scores[pair]);
            labels[pair + half] = Finish<T, TSimd, TVector, TCount>(b, ref norms, out scores[pair + half]);
        }

        if (first + (2 * half) < end)
        {
            int row = end - 1;
            int start = indptr[row];
            Dots<TVector> a = AddEntries<T, TSimd, TVector, TCount>(ref Unsafe.Add(ref allIndices, start), ref Unsafe.Add(ref allValues, start), 0, indptr[row + 1] - start, ref ct, stride, default);
            labels[row - first] = Finish<T, TSimd, TVector, TCount>(a, ref norms, out scores[row - first]);
        }
    }

    /// <summary>Entries [<paramref name="from"/>, <paramref name="to"/>) of one row into its dot products, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Dots<TVector> AddEntries<T, TSimd, TVector, TCount>(ref int indices, ref T values, int from, int to, ref T ct, nint stride, Dots<TVector> dots)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
        where TCount : IVectorCount
    {
        TVector s0 = dots.A0, s1 = dots.A1, s2 = dots.A2, s3 = dots.A3;
        for (int e = from; e < to; e++)
        {
            TVector x = TSimd.Broadcast(Unsafe.Add(ref values, e));
            ref T column = ref Unsafe.Add(ref ct, Unsafe.Add(ref indices, e) * stride);
            s0 = TSimd.MultiplyAdd(x, TSimd.Load(ref column, 0), s0);
            if (TCount.Value > 1)
            {
                s1 = TSimd.MultiplyAdd(x, TSimd.Load(ref column, (nuint)TSimd.Count), s1);
            }

            if (TCount.Value > 2)
            {
                s2 = TSimd.MultiplyAdd(x, TSimd.Load(ref column, (nuint)(2 * TSimd.Count)), s2);
            }

            if (TCount.Value > 3)
            {
                s3 = TSimd.MultiplyAdd(x, TSimd.Load(ref column, (nuint)(3 * TSimd.Count)), s3);
            }
        }

        return new Dots<TVector>(s0, s1, s2, s3);
    }

    /// <summary>The argmin of ‖c‖² − 2 x·c over the dot products in registers (lowest index on ties).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Finish<T, TSimd, TVector, TCount>(Dots<TVector> dots, ref T norms, out T score)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
        where TCount : IVectorCount
    {
        int w = TSimd.Count;
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        TVector best = TSimd.Broadcast(T.PositiveInfinity);
        TVector bestIndex = TSimd.Zero;
        TVector a0 = dots.A0, a1 = dots.A1, a2 = dots.A2, a3 = dots.A3;
        TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a0, TSimd.Load(ref norms, 0)), TSimd.Sequence(T.Zero), ref best, ref bestIndex);
        if (TCount.Value > 1)
        {
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a1, TSimd.Load(ref norms, (nuint)w)), TSimd.Sequence(T.CreateTruncating(w)), ref best, ref bestIndex);
        }

        if (TCount.Value > 2)
        {
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a2, TSimd.Load(ref norms, (nuint)(2 * w))), TSimd.Sequence(T.CreateTruncating(2 * w)), ref best, ref bestIndex);
        }

        if (TCount.Value > 3)
        {
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a3, TSimd.Load(ref norms, (nuint)(3 * w))), TSimd.Sequence(T.CreateTruncating(3 * w)), ref best, ref bestIndex);
        }

        score = TSimd.Reduce(best, bestIndex, out T nearest);
        return int.CreateTruncating(nearest);
    }

    /// <summary>A row's dot products in up to 4 vectors.</summary>
    private readonly struct Dots<TVector>(TVector a0, TVector a1, TVector a2, TVector a3)
        where TVector : struct
    {
        public readonly TVector A0 = a0, A1 = a1, A2 = a2, A3 = a3;
    }

    /// <summary>How many vectors of dot products a row keeps in registers, as a type so each count compiles apart.</summary>
    private interface IVectorCount
    {
        static abstract int Value { get; }
    }

    private readonly struct One : IVectorCount
    {
        public static int Value => 1;
    }

    private readonly struct Two : IVectorCount
    {
        public static int Value => 2;
    }

    private readonly struct Three : IVectorCount
    {
        public static int Value => 3;
    }

    private readonly struct Four : IVectorCount
    {
        public static int Value => 4;
    }
}
