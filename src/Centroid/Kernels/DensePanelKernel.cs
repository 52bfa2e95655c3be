using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Centroid.Kernels;

/// <summary>
/// The assignment kernel for few centers (k ≤ 8) in floats with AVX2 and FMA, reading the rows where they lie instead
/// of from a shifted copy. Eight rows at a time (a panel): four features of each row are loaded, shifted and
/// transposed in registers (two 128-bit loads per vector, two rounds of unpacks), so that one vector holds one
/// feature of the eight rows; each center's value of that feature, broadcast, meets it in one FMA. Eight accumulators,
/// one per center with the rows in the lanes, cover the FMA latency of two pipes, and the arg-min is a running
/// compare-and-blend per center, with no reduction across lanes.
/// </summary>
/// <remarks>
/// <para>
/// Why: for few centers the row-major kernel (<see cref="DenseAssignKernel"/>) takes about as long as reading the rows,
/// and it reads them from a block the pass first copies and shifts; the copy's loads wait on memory and the kernel
/// waits on the copy. Here the loads are the kernel's own, spread among its FMAs, so the reads from memory overlap the
/// arithmetic. A C probe of the seed's pass (200000 × 20 floats, k = 8, two threads) took 0.59–0.62 ms against
/// 0.80–0.88 for copy then kernel.
/// </para>
/// <para>
/// Same bits as <see cref="DenseAssignKernel"/>: each row's values are shifted by one subtraction in float, each dot
/// product summed in feature order with one FMA a feature, each score ‖c‖² − 2 x·c formed by one FMA, and the best
/// kept with strict &lt; over the centers in order, so the lowest index wins a tie. A row count that is not a
/// multiple of 8 and rows narrower than 4 features are the caller's to route elsewhere.
/// </para>
/// </remarks>
internal static class DensePanelKernel
{
    /// <summary>Rows per panel: one lane each.</summary>
    public const int PanelRows = 8;

    /// <summary>The most centers the kernel compares (one accumulator each).</summary>
    public const int MaxClusters = 8;

    /// <summary>Whether the kernel serves <paramref name="clusters"/> centers of <paramref name="features"/> features of type <typeparamref name="T"/> here.</summary>
    public static bool Handles<T>(int clusters, int features) =>
        typeof(T) == typeof(float) && Avx.IsSupported && Fma.IsSupported && clusters <= MaxClusters && features >= 4;

    /// <summary>
    /// For <paramref name="panels"/> × 8 rows starting at <paramref name="rows"/>, <paramref name="stride"/> elements
    /// apart, each <paramref name="features"/> wide: each row minus <paramref name="shift"/> (none when empty), its
    /// nearest center's index into <paramref name="labels"/> and its score ‖c‖² − 2 x·c into <paramref name="scores"/>.
    /// </summary>
    public static void Nearest(ref readonly float rows, nint stride, int panels, int features, ReadOnlySpan<float> shift, CenterSet<float> centers, Span<int> labels, Span<float> scores)
    {
        if (panels <= 0)
        {
            return;
        }

        if (!Handles<float>(centers.Clusters, features) || centers.PaddedClusters < MaxClusters)
        {
            throw new InvalidOperationException("The panel kernel needs AVX2 and FMA, at most 8 centers and at least 4 features.");
        }

        // Checked once here so that the loops below can write by reference.
        _ = labels[(panels * PanelRows) - 1];
        _ = scores[(panels * PanelRows) - 1];
        bool shifted = !shift.IsEmpty;
        if (shifted && shift.Length < features)
        {
            throw new ArgumentException("The shift is narrower than the rows.", nameof(shift));
        }

        nint columnStride = centers.PaddedClusters;
        ref float transposed = ref MemoryMarshal.GetReference(centers.Transposed);
        ref float norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        ref float shiftStart = ref MemoryMarshal.GetReference(shift);
        ref int labelOut = ref MemoryMarshal.GetReference(labels);
        ref float scoreOut = ref MemoryMarshal.GetReference(scores);
        int groups = features / 4;
        int tail = features % 4;
        nint s = stride, s2 = 2 * stride, s3 = 3 * stride;
        Vector256<float> minusTwo = Vector256.Create(-2f);
        ref float panel = ref Unsafe.AsRef(in rows);
        for (int n = 0; n < panels; n++)
        {
            // Rows 0..3 at p + {0, s, 2s, 3s} and rows 4..7 at q + the same: two pointers and three offsets.
            ref float p = ref panel;
            ref float q = ref Unsafe.Add(ref panel, 4 * stride);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            ref float column = ref transposed;
            ref float shiftAt = ref shiftStart;
            for (int g = 0; g < groups; g++)
            {
                Transpose(ref p, ref q, s, s2, s3, shifted, ref shiftAt, out Vector256<float> v0, out Vector256<float> v1, out Vector256<float> v2, out Vector256<float> v3);
                Feature(v0, ref column, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                Feature(v1, ref Unsafe.Add(ref column, columnStride), ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                Feature(v2, ref Unsafe.Add(ref column, 2 * columnStride), ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                Feature(v3, ref Unsafe.Add(ref column, 3 * columnStride), ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                p = ref Unsafe.Add(ref p, 4);
                q = ref Unsafe.Add(ref q, 4);
                shiftAt = ref Unsafe.Add(ref shiftAt, 4);
                column = ref Unsafe.Add(ref column, 4 * columnStride);
            }

            if (tail > 0)
            {
                // The last 4 features, of which the first 4 − tail were already added: only the others, in order.
                int back = 4 - tail;
                Transpose(ref Unsafe.Subtract(ref p, back), ref Unsafe.Subtract(ref q, back), s, s2, s3, shifted, ref Unsafe.Subtract(ref shiftAt, back), out Vector256<float> v0, out Vector256<float> v1, out Vector256<float> v2, out Vector256<float> v3);
                if (tail == 3)
                {
                    Feature(v1, ref column, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                    column = ref Unsafe.Add(ref column, columnStride);
                }

                if (tail >= 2)
                {
                    Feature(v2, ref column, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                    column = ref Unsafe.Add(ref column, columnStride);
                }

                Feature(v3, ref column, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
            }

            Vector256<float> best = Fma.MultiplyAdd(minusTwo, a0, Vector256.Create(norms));
            Vector256<float> index = Vector256<float>.Zero;
            Keep(Fma.MultiplyAdd(minusTwo, a1, Vector256.Create(Unsafe.Add(ref norms, 1))), 1, ref best, ref index);
            Keep(Fma.MultiplyAdd(minusTwo, a2, Vector256.Create(Unsafe.Add(ref norms, 2))), 2, ref best, ref index);
            Keep(Fma.MultiplyAdd(minusTwo, a3, Vector256.Create(Unsafe.Add(ref norms, 3))), 3, ref best, ref index);
            Keep(Fma.MultiplyAdd(minusTwo, a4, Vector256.Create(Unsafe.Add(ref norms, 4))), 4, ref best, ref index);
            Keep(Fma.MultiplyAdd(minusTwo, a5, Vector256.Create(Unsafe.Add(ref norms, 5))), 5, ref best, ref index);
            Keep(Fma.MultiplyAdd(minusTwo, a6, Vector256.Create(Unsafe.Add(ref norms, 6))), 6, ref best, ref index);
            Keep(Fma.MultiplyAdd(minusTwo, a7, Vector256.Create(Unsafe.Add(ref norms, 7))), 7, ref best, ref index);
            best.StoreUnsafe(ref scoreOut, (nuint)(n * PanelRows));
            index.AsInt32().StoreUnsafe(ref labelOut, (nuint)(n * PanelRows));
            panel = ref Unsafe.Add(ref panel, 8 * stride);
        }
    }

    /// <summary>
    /// Features f..f + 3 of the eight rows (p, p + s, p + 2s, p + 3s, then the same from q), shifted, as four vectors:
    /// <paramref name="v0"/> holds feature f of rows 0..7 in lanes 0..7, and so on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref float p, ref float q, nint s, nint s2, nint s3, bool shifted, ref float shift, out Vector256<float> v0, out Vector256<float> v1, out Vector256<float> v2, out Vector256<float> v3)
    {
        // Lanes 0..3 from a row of the first four, 4..7 from the matching row of the last four.
        Vector256<float> r0 = Vector256.Create(Vector128.LoadUnsafe(ref p), Vector128.LoadUnsafe(ref q));
        Vector256<float> r1 = Vector256.Create(Vector128.LoadUnsafe(ref Unsafe.Add(ref p, s)), Vector128.LoadUnsafe(ref Unsafe.Add(ref q, s)));
        Vector256<float> r2 = Vector256.Create(Vector128.LoadUnsafe(ref Unsafe.Add(ref p, s2)), Vector128.LoadUnsafe(ref Unsafe.Add(ref q, s2)));
        Vector256<float> r3 = Vector256.Create(Vector128.LoadUnsafe(ref Unsafe.Add(ref p, s3)), Vector128.LoadUnsafe(ref Unsafe.Add(ref q, s3)));
        if (shifted)
        {
            Vector128<float> half = Vector128.LoadUnsafe(ref shift);
            Vector256<float> m = Vector256.Create(half, half);
            r0 = Avx.Subtract(r0, m);
            r1 = Avx.Subtract(r1, m);
            r2 = Avx.Subtract(r2, m);
            r3 = Avx.Subtract(r3, m);
        }

        // Within each 128-bit half: (a0 b0 a1 b1), (a2 b2 a3 b3), then pairs of those.
        Vector256<double> t0 = Avx.UnpackLow(r0, r1).AsDouble();
        Vector256<double> t1 = Avx.UnpackHigh(r0, r1).AsDouble();
        Vector256<double> t2 = Avx.UnpackLow(r2, r3).AsDouble();
        Vector256<double> t3 = Avx.UnpackHigh(r2, r3).AsDouble();
        v0 = Avx.UnpackLow(t0, t2).AsSingle();
        v1 = Avx.UnpackHigh(t0, t2).AsSingle();
        v2 = Avx.UnpackLow(t1, t3).AsSingle();
        v3 = Avx.UnpackHigh(t1, t3).AsSingle();
    }

    /// <summary>One feature of the eight rows (<paramref name="v"/>) times each center's value of it (<paramref name="column"/>, 8 floats), into the accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Feature(Vector256<float> v, ref float column, ref Vector256<float> a0, ref Vector256<float> a1, ref Vector256<float> a2, ref Vector256<float> a3, ref Vector256<float> a4, ref Vector256<float> a5, ref Vector256<float> a6, ref Vector256<float> a7)
    {
        a0 = Fma.MultiplyAdd(v, Vector256.Create(column), a0);
        a1 = Fma.MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref column, 1)), a1);
        a2 = Fma.MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref column, 2)), a2);
        a3 = Fma.MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref column, 3)), a3);
        a4 = Fma.MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref column, 4)), a4);
        a5 = Fma.MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref column, 5)), a5);
        a6 = Fma.MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref column, 6)), a6);
        a7 = Fma.MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref column, 7)), a7);
    }

    /// <summary>Keeps, lane by lane, <paramref name="score"/> and center <paramref name="center"/> where the score is strictly lower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(Vector256<float> score, int center, ref Vector256<float> best, ref Vector256<float> index)
    {
        Vector256<float> lower = Avx.CompareLessThan(score, best);
        best = Avx.Min(score, best);
        index = Avx.BlendVariable(index, Vector256.Create(center).AsSingle(), lower);
    }
}
