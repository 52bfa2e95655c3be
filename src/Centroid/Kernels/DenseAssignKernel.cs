using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// The dense assignment kernel: for a block of rows, the nearest center by ‖c‖² − 2 x·c, without writing a
/// distance matrix. x·c is computed in register tiles of 4 rows × 4 vectors of centers: the centers are stored
/// transposed (feature-major, <see cref="CenterSet{T}.Transposed"/>) so that, for each feature, one broadcast of a
/// row's value and one load of W consecutive centers feed an FMA. A 4 × 4 tile keeps 16 accumulators in
/// registers and does 16 FMAs per 4 loads and 4 broadcasts.
/// </summary>
/// <remarks>
/// Rows come in multiples of <see cref="RowBlock"/> (the caller pads with zero rows) and centers in multiples of
/// <see cref="CenterSet{T}.LanePadding"/> (padded centers have norm +∞, so they never win). Each dot product is
/// summed in feature order with FMAs, so the result depends on the data only, not on the thread count; it can
/// differ in the last bit between vector widths only through the scalar FMA versus vector FMA (both exact-rounded,
/// same order), i.e. not at all. Ties go to the lowest center index (strict &lt;), as scikit-learn.
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
        Span<T> tile = stackalloc T[RowBlock * 4 * 16];
        ref T tileRef = ref MemoryMarshal.GetReference(tile);
        T two = T.CreateTruncating(2);
        for (int r = 0; r < rows; r += RowBlock)
        {
            ref T x0 = ref Unsafe.AsRef(in x[r * features]);
            ref T x1 = ref Unsafe.Add(ref x0, features);
            ref T x2 = ref Unsafe.Add(ref x1, features);
            ref T x3 = ref Unsafe.Add(ref x2, features);
            T b0 = T.PositiveInfinity, b1 = T.PositiveInfinity, b2 = T.PositiveInfinity, b3 = T.PositiveInfinity;
            int l0 = 0, l1 = 0, l2 = 0, l3 = 0;
            int c = 0;

            // 4 rows × 4 vectors of centers.
            for (; c + (4 * w) <= stride; c += 4 * w)
            {
                TVector a00 = TSimd.Zero, a01 = TSimd.Zero, a02 = TSimd.Zero, a03 = TSimd.Zero;
                TVector a10 = TSimd.Zero, a11 = TSimd.Zero, a12 = TSimd.Zero, a13 = TSimd.Zero;
                TVector a20 = TSimd.Zero, a21 = TSimd.Zero, a22 = TSimd.Zero, a23 = TSimd.Zero;
                TVector a30 = TSimd.Zero, a31 = TSimd.Zero, a32 = TSimd.Zero, a33 = TSimd.Zero;
                ref T column = ref Unsafe.Add(ref ct, c);
                for (int f = 0; f < features; f++)
                {
                    TVector c0 = TSimd.Load(ref column, 0);
                    TVector c1 = TSimd.Load(ref column, (nuint)w);
                    TVector c2 = TSimd.Load(ref column, (nuint)(2 * w));
                    TVector c3 = TSimd.Load(ref column, (nuint)(3 * w));
                    TVector v = TSimd.Broadcast(Unsafe.Add(ref x0, f));
                    a00 = TSimd.MultiplyAdd(v, c0, a00);
                    a01 = TSimd.MultiplyAdd(v, c1, a01);
                    a02 = TSimd.MultiplyAdd(v, c2, a02);
                    a03 = TSimd.MultiplyAdd(v, c3, a03);
                    v = TSimd.Broadcast(Unsafe.Add(ref x1, f));
                    a10 = TSimd.MultiplyAdd(v, c0, a10);
                    a11 = TSimd.MultiplyAdd(v, c1, a11);
                    a12 = TSimd.MultiplyAdd(v, c2, a12);
                    a13 = TSimd.MultiplyAdd(v, c3, a13);
                    v = TSimd.Broadcast(Unsafe.Add(ref x2, f));
                    a20 = TSimd.MultiplyAdd(v, c0, a20);
                    a21 = TSimd.MultiplyAdd(v, c1, a21);
                    a22 = TSimd.MultiplyAdd(v, c2, a22);
                    a23 = TSimd.MultiplyAdd(v, c3, a23);
                    v = TSimd.Broadcast(Unsafe.Add(ref x3, f));
                    a30 = TSimd.MultiplyAdd(v, c0, a30);
                    a31 = TSimd.MultiplyAdd(v, c1, a31);
                    a32 = TSimd.MultiplyAdd(v, c2, a32);
                    a33 = TSimd.MultiplyAdd(v, c3, a33);
                    column = ref Unsafe.Add(ref column, stride);
                }

                int span = 4 * w;
                TSimd.Store(a00, ref tileRef, 0);
                TSimd.Store(a01, ref tileRef, (nuint)w);
                TSimd.Store(a02, ref tileRef, (nuint)(2 * w));
                TSimd.Store(a03, ref tileRef, (nuint)(3 * w));
                TSimd.Store(a10, ref tileRef, (nuint)span);
                TSimd.Store(a11, ref tileRef, (nuint)(span + w));
                TSimd.Store(a12, ref tileRef, (nuint)(span + (2 * w)));
                TSimd.Store(a13, ref tileRef, (nuint)(span + (3 * w)));
                TSimd.Store(a20, ref tileRef, (nuint)(2 * span));
                TSimd.Store(a21, ref tileRef, (nuint)((2 * span) + w));
                TSimd.Store(a22, ref tileRef, (nuint)((2 * span) + (2 * w)));
                TSimd.Store(a23, ref tileRef, (nuint)((2 * span) + (3 * w)));
                TSimd.Store(a30, ref tileRef, (nuint)(3 * span));
                TSimd.Store(a31, ref tileRef, (nuint)((3 * span) + w));
                TSimd.Store(a32, ref tileRef, (nuint)((3 * span) + (2 * w)));
                TSimd.Store(a33, ref tileRef, (nuint)((3 * span) + (3 * w)));
                Scan(ref tileRef, span, span, ref Unsafe.Add(ref norms, c), c, two, ref b0, ref l0, ref b1, ref l1, ref b2, ref l2, ref b3, ref l3);
            }

            // Remaining centers one vector at a time: 4 rows × 1 vector.
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

                TSimd.Store(a0, ref tileRef, 0);
                TSimd.Store(a1, ref tileRef, (nuint)w);
                TSimd.Store(a2, ref tileRef, (nuint)(2 * w));
                TSimd.Store(a3, ref tileRef, (nuint)(3 * w));
                Scan(ref tileRef, w, w, ref Unsafe.Add(ref norms, c), c, two, ref b0, ref l0, ref b1, ref l1, ref b2, ref l2, ref b3, ref l3);
            }

            labels[r] = l0;
            labels[r + 1] = l1;
            labels[r + 2] = l2;
            labels[r + 3] = l3;
            scores[r] = b0;
            scores[r + 1] = b1;
            scores[r + 2] = b2;
            scores[r + 3] = b3;
        }
    }

    /// <summary>Folds a tile of dot products (4 rows × <paramref name="lanes"/> centers from <paramref name="first"/>) into each row's best score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scan<T>(ref T tile, int lanes, int rowStride, ref T norms, int first, T two, ref T b0, ref int l0, ref T b1, ref int l1, ref T b2, ref int l2, ref T b3, ref int l3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int lane = 0; lane < lanes; lane++)
        {
            T norm = Unsafe.Add(ref norms, lane);
            T s0 = norm - (two * Unsafe.Add(ref tile, lane));
            T s1 = norm - (two * Unsafe.Add(ref tile, rowStride + lane));
            T s2 = norm - (two * Unsafe.Add(ref tile, (2 * rowStride) + lane));
            T s3 = norm - (two * Unsafe.Add(ref tile, (3 * rowStride) + lane));
            if (s0 < b0)
            {
                b0 = s0;
                l0 = first + lane;
            }

            if (s1 < b1)
            {
                b1 = s1;
                l1 = first + lane;
            }

            if (s2 < b2)
            {
                b2 = s2;
                l2 = first + lane;
            }

            if (s3 < b3)
            {
                b3 = s3;
                l3 = first + lane;
            }
        }
    }
}
