using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// The dense assignment kernel: for a block of rows, the nearest center by ‖c‖² − 2 x·c, without writing a
/// distance matrix. x·c is computed in register tiles of 4 rows × 2 vectors of centers: the centers are stored
/// transposed (feature-major, <see cref="CenterSet{T}.Transposed"/>) so that, for each feature, 2 loads of W
/// consecutive centers and 4 broadcasts of the rows' values feed 8 independent FMAs. Eight accumulators cover the
/// FMA latency of two pipes, and the tile fits the 16 registers of AVX2 with room to spare (AVX-512 has 32).
/// </summary>
/// <remarks>
/// Rows come in multiples of <see cref="RowBlock"/> (the caller pads with zero rows) and centers in multiples of
/// <see cref="CenterSet{T}.LanePadding"/> (padded centers have norm +∞, so they never win; a vector wider than the padding reads into the slack, which also never wins). Each dot product is
/// summed in feature order with FMAs at every width, so all widths give the same bits. The running best of each
/// row is kept per lane (strict &lt;, so the lowest center index wins a tie within a lane) in a small stack
/// buffer, outside the registers of the tile, and reduced across lanes once per row (lowest index among equal
/// minima): ties go to the lowest center index, as in scikit-learn.
/// </remarks>
internal static class DenseAssignKernel
{
    /// <summary>Rows per register tile.</summary>
    public const int RowBlock = 4;

    /// <summary>
    /// For each of <paramref name="rows"/> rows of <paramref name="x"/> (row-major, <paramref name="features"/> wide,
    /// <paramref name="rows"/> a multiple of <see cref="RowBlock"/>), the index of the best center and its score ‖c‖² − 2 x·c.
    /// </summary>
    public static void Nearest<T>(ReadOnlySpan<T> x, int rows, int features, CenterSet<T> centers, Span<int> labels, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            Nearest<T, Simd512<T>, Vector512<T>>(x, rows, features, centers, labels, scores);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            Nearest<T, Simd256<T>, Vector256<T>>(x, rows, features, centers, labels, scores);
        }
        else
        {
            Nearest<T, SimdScalar<T>, T>(x, rows, features, centers, labels, scores);
        }
    }

    /// <summary>The kernel at one vector width; internal so tests run every width on one machine.</summary>
    internal static void Nearest<T, TSimd, TVector>(ReadOnlySpan<T> x, int rows, int features, CenterSet<T> centers, Span<int> labels, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetArrayDataReference(centers.Transposed);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));

        if (stride <= w)
        {
            NearestInOneVector<T, TSimd, TVector>(x, rows, features, centers, labels, scores);
            return;
        }

        // Per row: the best score and its center index in each lane (2 × 4 vectors of at most 16 lanes).
        Span<T> bestBuffer = stackalloc T[2 * RowBlock * 16];
        ref T best = ref MemoryMarshal.GetReference(bestBuffer);
        ref T bestIndex = ref Unsafe.Add(ref best, RowBlock * w);
        for (int r = 0; r < rows; r += RowBlock)
        {
            ref T x0 = ref Unsafe.AsRef(in x[r * features]);
            ref T x1 = ref Unsafe.Add(ref x0, features);
            ref T x2 = ref Unsafe.Add(ref x1, features);
            ref T x3 = ref Unsafe.Add(ref x2, features);
            bestBuffer[..(RowBlock * w)].Fill(T.PositiveInfinity);
            int c = 0;

            // 4 rows × 2 vectors of centers: 8 accumulators.
            for (; c + (2 * w) <= stride; c += 2 * w)
            {
                TVector a00 = TSimd.Zero, a01 = TSimd.Zero;
                TVector a10 = TSimd.Zero, a11 = TSimd.Zero;
                TVector a20 = TSimd.Zero, a21 = TSimd.Zero;
                TVector a30 = TSimd.Zero, a31 = TSimd.Zero;
                ref T column = ref Unsafe.Add(ref ct, c);
                for (int f = 0; f < features; f++)
                {
                    TVector c0 = TSimd.Load(ref column, 0);
                    TVector c1 = TSimd.Load(ref column, (nuint)w);
                    TVector v = TSimd.Broadcast(Unsafe.Add(ref x0, f));
                    a00 = TSimd.MultiplyAdd(v, c0, a00);
                    a01 = TSimd.MultiplyAdd(v, c1, a01);
                    v = TSimd.Broadcast(Unsafe.Add(ref x1, f));
                    a10 = TSimd.MultiplyAdd(v, c0, a10);
                    a11 = TSimd.MultiplyAdd(v, c1, a11);
                    v = TSimd.Broadcast(Unsafe.Add(ref x2, f));
                    a20 = TSimd.MultiplyAdd(v, c0, a20);
                    a21 = TSimd.MultiplyAdd(v, c1, a21);
                    v = TSimd.Broadcast(Unsafe.Add(ref x3, f));
                    a30 = TSimd.MultiplyAdd(v, c0, a30);
                    a31 = TSimd.MultiplyAdd(v, c1, a31);
                    column = ref Unsafe.Add(ref column, stride);
                }

                Fold<T, TSimd, TVector>(a00, a10, a20, a30, ref norms, c, minusTwo, ref best, ref bestIndex);
                Fold<T, TSimd, TVector>(a01, a11, a21, a31, ref norms, c + w, minusTwo, ref best, ref bestIndex);
            }

            // An odd vector of centers left: 4 rows × 1 vector (a wide vector may run past the padding: see CenterSet).
            for (; c < stride; c += w)
            {
                TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
                ref T column = ref Unsafe.Add(ref ct, c);
                for (int f = 0; f < features; f++)
                {
                    TVector c0 = TSimd.Load(ref column, 0);
                    a0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x0, f)), c0, a0);
                    a1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x1, f)), c0, a1);
                    a2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x2, f)), c0, a2);
                    a3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x3, f)), c0, a3);
                    column = ref Unsafe.Add(ref column, stride);
                }

                Fold<T, TSimd, TVector>(a0, a1, a2, a3, ref norms, c, minusTwo, ref best, ref bestIndex);
            }

            for (int i = 0; i < RowBlock; i++)
            {
                scores[r + i] = TSimd.Reduce(TSimd.Load(ref best, (nuint)(i * w)), TSimd.Load(ref bestIndex, (nuint)(i * w)), out T label);
                labels[r + i] = int.CreateTruncating(label);
            }
        }
    }

    /// <summary>
    /// The kernel when all centers fit one vector (k ≤ W, e.g. k = 8 in floats on AVX2): each row's scores are a
    /// single vector, reduced straight from registers without the lane-wise running best.
    /// </summary>
    private static void NearestInOneVector<T, TSimd, TVector>(ReadOnlySpan<T> x, int rows, int features, CenterSet<T> centers, Span<int> labels, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetArrayDataReference(centers.Transposed);
        TVector norm = TSimd.Load(ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms), 0);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        TVector index = TSimd.Sequence(T.Zero);
        for (int r = 0; r < rows; r += RowBlock)
        {
            ref T x0 = ref Unsafe.AsRef(in x[r * features]);
            ref T x1 = ref Unsafe.Add(ref x0, features);
            ref T x2 = ref Unsafe.Add(ref x1, features);
            ref T x3 = ref Unsafe.Add(ref x2, features);
            TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            ref T column = ref ct;
            for (int f = 0; f < features; f++)
            {
                TVector c0 = TSimd.Load(ref column, 0);
                a0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x0, f)), c0, a0);
                a1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x1, f)), c0, a1);
                a2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x2, f)), c0, a2);
                a3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x3, f)), c0, a3);
                column = ref Unsafe.Add(ref column, stride);
            }

            scores[r] = TSimd.Reduce(TSimd.MultiplyAdd(minusTwo, a0, norm), index, out T l0);
            scores[r + 1] = TSimd.Reduce(TSimd.MultiplyAdd(minusTwo, a1, norm), index, out T l1);
            scores[r + 2] = TSimd.Reduce(TSimd.MultiplyAdd(minusTwo, a2, norm), index, out T l2);
            scores[r + 3] = TSimd.Reduce(TSimd.MultiplyAdd(minusTwo, a3, norm), index, out T l3);
            labels[r] = int.CreateTruncating(l0);
            labels[r + 1] = int.CreateTruncating(l1);
            labels[r + 2] = int.CreateTruncating(l2);
            labels[r + 3] = int.CreateTruncating(l3);
        }
    }

    /// <summary>
    /// Folds the dot products of 4 rows with one vector of centers (from index <paramref name="first"/>) into each
    /// row's lane-wise best: score = ‖c‖² − 2 x·c, where 2·(x·c) is exact, so the fused form rounds as the plain one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold<T, TSimd, TVector>(TVector s0, TVector s1, TVector s2, TVector s3, ref T norms, int first, TVector minusTwo, ref T best, ref T bestIndex)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        TVector norm = TSimd.Load(ref norms, (nuint)first);
        TVector index = TSimd.Sequence(T.CreateTruncating(first));
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s0, norm), index, ref best, ref bestIndex, 0);
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s1, norm), index, ref best, ref bestIndex, 1);
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s2, norm), index, ref best, ref bestIndex, 2);
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s3, norm), index, ref best, ref bestIndex, 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep<T, TSimd, TVector>(TVector score, TVector index, ref T best, ref T bestIndex, int row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        nuint offset = (nuint)(row * TSimd.Count);
        TVector b = TSimd.Load(ref best, offset);
        TVector i = TSimd.Load(ref bestIndex, offset);
        TSimd.KeepSmaller(score, index, ref b, ref i);
        TSimd.Store(b, ref best, offset);
        TSimd.Store(i, ref bestIndex, offset);
    }
}
