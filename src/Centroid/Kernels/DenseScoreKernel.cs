using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// Every center's assignment score ‖c‖² − 2 x·c for a few dense rows, written out rather than folded into an argmin:
/// what the bounds algorithms need when a row's bounds prove nothing (its nearest and second-nearest centers, or a
/// lower bound per center). The arithmetic is <see cref="DenseAssignKernel"/>'s lane for lane, so each score has the
/// bits the Lloyd kernel compares.
/// </summary>
/// <remarks>
/// Per lane j: acc = 0; for f = 0 … d − 1: acc = fma(x[f], c_j[f], acc); score = fma(−2, acc, ‖c_j‖²) — the dot
/// product summed in feature order with one FMA per feature, at every vector width (<see cref="ExactScore"/> is the
/// scalar form; a test holds the three to the same bits). Tiles: 4 rows × 2 vectors of centers (8 accumulators, the
/// assignment kernel's tile), then 4 rows × 1 vector for an odd vector. Centers come from
/// <see cref="CenterSet{T}.Transposed"/> (feature-major, padded): padded lanes have norm +∞ and score +∞.
/// </remarks>
internal static class DenseScoreKernel
{
    /// <summary>Rows per call.</summary>
    public const int RowBlock = 4;

    /// <summary>
    /// Elements between one row's scores and the next: <see cref="CenterSet{T}.PaddedClusters"/> rounded up to 16, the
    /// widest vector of any width and type, so that a vector reaching past the padding (a kernel wider than the
    /// padding, as the 512-bit path on a machine padded for 256 bits) stays within its own row. Lanes past k score +∞.
    /// </summary>
    public static int RowStride(int paddedClusters) => (paddedClusters + 15) / 16 * 16;

    /// <summary>Elements of the score buffer a call needs: <see cref="RowBlock"/> rows of <see cref="RowStride"/>, plus slack for a vector past the last.</summary>
    public static int ScoreLength<T>(CenterSet<T> centers) where T : unmanaged, IFloatingPointIeee754<T> =>
        (RowBlock * RowStride(centers.PaddedClusters)) + CenterSet<T>.MaxLanes;

    /// <summary>
    /// scores[r × <see cref="RowStride"/> + j] = ‖c_j‖² − 2 x_r·c_j for the <see cref="RowBlock"/> rows
    /// of <paramref name="x"/> (row-major, <paramref name="features"/> wide; unused rows may hold anything finite).
    /// </summary>
    public static void Scores<T>(ReadOnlySpan<T> x, int features, CenterSet<T> centers, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            Scores<T, Simd512<T>, Vector512<T>>(x, features, centers, scores);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            Scores<T, Simd256<T>, Vector256<T>>(x, features, centers, scores);
        }
        else
        {
            Scores<T, SimdScalar<T>, T>(x, features, centers, scores);
        }
    }

    /// <summary>The kernel at one vector width; internal so tests run every width on one machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Scores<T, TSimd, TVector>(ReadOnlySpan<T> x, int features, CenterSet<T> centers, Span<T> scores)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        Debug.Assert(x.Length >= RowBlock * features && scores.Length >= ScoreLength(centers), "A tile of rows and room for its scores.");
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetReference(centers.Transposed);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        ref T x0 = ref MemoryMarshal.GetReference(x);
        int rowStride = RowStride(stride);
        ref T s0 = ref MemoryMarshal.GetReference(scores);
        ref T s1 = ref Unsafe.Add(ref s0, rowStride);
        ref T s2 = ref Unsafe.Add(ref s1, rowStride);
        ref T s3 = ref Unsafe.Add(ref s2, rowStride);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        int c = 0;

        // 4 rows × 2 vectors of centers: 8 accumulators, as DenseAssignKernel.
        for (; c + (2 * w) <= stride; c += 2 * w)
        {
            DotTile.FourByTwo<T, TSimd, TVector>(
                ref x0, features, ref Unsafe.Add(ref ct, c), stride,
                out TVector a00, out TVector a01, out TVector a10, out TVector a11, out TVector a20, out TVector a21, out TVector a30, out TVector a31);
            TVector n0 = TSimd.Load(ref norms, (nuint)c);
            TVector n1 = TSimd.Load(ref norms, (nuint)(c + w));
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a00, n0), ref s0, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a01, n1), ref s0, (nuint)(c + w));
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a10, n0), ref s1, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a11, n1), ref s1, (nuint)(c + w));
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a20, n0), ref s2, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a21, n1), ref s2, (nuint)(c + w));
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a30, n0), ref s3, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a31, n1), ref s3, (nuint)(c + w));
        }

        // An odd vector of centers left (a vector wider than the padding reads and writes into the slack).
        for (; c < stride; c += w)
        {
            DotTile.FourByOne<T, TSimd, TVector>(ref x0, features, ref Unsafe.Add(ref ct, c), stride, out TVector a0, out TVector a1, out TVector a2, out TVector a3);
            TVector n0 = TSimd.Load(ref norms, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a0, n0), ref s0, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a1, n0), ref s1, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a2, n0), ref s2, (nuint)c);
            TSimd.Store(TSimd.MultiplyAdd(minusTwo, a3, n0), ref s3, (nuint)c);
        }
    }
}
