using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// The dense assignment kernel: for a block of rows, the nearest center by ‖c‖² − 2 x·c, without writing a
/// distance matrix. x·c is computed in register tiles (<see cref="DotTile"/>) of 4 rows × 2 vectors of centers: the centers are stored
/// transposed (feature-major, <see cref="CenterSet{T}.Transposed"/>) so that, for each feature, 2 loads of W
/// consecutive centers and 4 broadcasts of the rows' values feed 8 independent FMAs. Eight accumulators cover the
/// FMA latency of two pipes, and the tile fits the 16 registers of AVX2 with room to spare (AVX-512 has 32). Tiles
/// run over groups of rows that stay in L1, one panel of centers at a time (cache blocking, as a GEMM packs panels).
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

    /// <summary>Most rows in a group that shares one sweep over the centers (see <see cref="Nearest{T, TSimd, TVector}"/>).</summary>
    private const int MaxGroupRows = 64;

    /// <summary>
    /// For each of <paramref name="rows"/> rows of <paramref name="x"/> (row-major, <paramref name="features"/> wide,
    /// <paramref name="rows"/> a multiple of <see cref="RowBlock"/>), the index of the best center and its score ‖c‖² − 2 x·c.
    /// <paramref name="upcoming"/>, if given, is memory the caller reads next: the kernels prefetch it into L2 a few lines
    /// per tile, so that reading it from memory overlaps their arithmetic.
    /// </summary>
    public static void Nearest<T>(ReadOnlySpan<T> x, int rows, int features, CenterSet<T> centers, Span<int> labels, Span<T> scores, ReadOnlySpan<byte> upcoming = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            Nearest<T, Simd512<T>, Vector512<T>>(x, rows, features, centers, labels, scores, upcoming);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            Nearest<T, Simd256<T>, Vector256<T>>(x, rows, features, centers, labels, scores, upcoming);
        }
        else
        {
            Nearest<T, SimdScalar<T>, T>(x, rows, features, centers, labels, scores, upcoming);
        }
    }

    /// <summary>The kernel at one vector width; internal so tests run every width on one machine.</summary>
    internal static void Nearest<T, TSimd, TVector>(ReadOnlySpan<T> x, int rows, int features, CenterSet<T> centers, Span<int> labels, Span<T> scores, ReadOnlySpan<byte> upcoming = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetReference(centers.Transposed);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));

        if (stride <= w)
        {
            NearestInOneVector<T, TSimd, TVector>(x, rows, features, centers, labels, scores, upcoming);
            return;
        }

        if (stride == 2 * w)
        {
            NearestInTwoVectors<T, TSimd, TVector>(x, rows, features, centers, labels, scores, upcoming);
            return;
        }

        // Rows are taken in groups small enough to stay in L1 (about 16 KB); for each group the centers are swept one
        // panel of 2 vectors at a time (d × 2W values, 4–8 KB for d = 64), and every 4-row tile of the group runs
        // against the panel. So each panel is fetched from L2 once per group and each row from L1 once per panel,
        // instead of the whole center matrix (often larger than L1) streaming from L2 for every 4 rows.
        int groupRows = Math.Clamp(16384 / (features * Unsafe.SizeOf<T>()) / RowBlock * RowBlock, RowBlock, MaxGroupRows);

        // Centers past LaneClusters are the layout's padding line (never a winner): not scored.
        int scored = centers.LaneClusters;

        // Per row of the group: the best score and its center index in each lane.
        Span<T> bestBuffer = stackalloc T[2 * MaxGroupRows * 16];
        ref T best = ref MemoryMarshal.GetReference(bestBuffer);
        ref T bestIndex = ref Unsafe.Add(ref best, MaxGroupRows * w);
        ref T xs = ref MemoryMarshal.GetReference(x);
        // The next block, a line or so a tile: its copy then reads L2 instead of waiting on memory (the wide float32
        // pass on two threads about 4% faster).
        var prefetch = new Prefetcher(upcoming, (rows / RowBlock) * (scored / (2 * w)));
        for (int group = 0; group < rows; group += groupRows)
        {
            int groupEnd = Math.Min(rows, group + groupRows);
            bestBuffer[..((groupEnd - group) * w)].Fill(T.PositiveInfinity);
            int c = 0;

            // 4 rows × 2 vectors of centers: 8 accumulators.
            for (; c + (2 * w) <= scored; c += 2 * w)
            {
                for (int r = group; r < groupEnd; r += RowBlock)
                {
                    prefetch.Next();
                    DotTile.FourByTwo<T, TSimd, TVector>(
                        ref Unsafe.Add(ref xs, r * features), features, ref Unsafe.Add(ref ct, c), stride,
                        out TVector a00, out TVector a01, out TVector a10, out TVector a11, out TVector a20, out TVector a21, out TVector a30, out TVector a31);
                    FoldPair<T, TSimd, TVector>(a00, a01, a10, a11, a20, a21, a30, a31, ref norms, c, minusTwo, ref best, ref bestIndex, r - group);
                }
            }

            // An odd vector of centers left: 4 rows × 1 vector (a wide vector may run past the padding: see CenterSet).
            for (; c < scored; c += w)
            {
                for (int r = group; r < groupEnd; r += RowBlock)
                {
                    DotTile.FourByOne<T, TSimd, TVector>(
                        ref Unsafe.Add(ref xs, r * features), features, ref Unsafe.Add(ref ct, c), stride, out TVector a0, out TVector a1, out TVector a2, out TVector a3);
                    Fold<T, TSimd, TVector>(a0, a1, a2, a3, ref norms, c, minusTwo, ref best, ref bestIndex, r - group);
                }
            }

            for (int r = group; r < groupEnd; r++)
            {
                nuint offset = (nuint)((r - group) * w);
                scores[r] = TSimd.Reduce(TSimd.Load(ref best, offset), TSimd.Load(ref bestIndex, offset), out T label);
                labels[r] = int.CreateTruncating(label);
            }
        }
    }

    /// <summary>
    /// The kernel when all centers fit one vector (k ≤ W, e.g. k = 8 in floats on AVX2): each row's scores are a
    /// single vector, reduced straight from registers without the lane-wise running best. Eight rows at a time, so eight
    /// independent FMA chains cover the latency of two FMA pipes (four rows leave half of them idle).
    /// </summary>
    private static void NearestInOneVector<T, TSimd, TVector>(ReadOnlySpan<T> x, int rows, int features, CenterSet<T> centers, Span<int> labels, Span<T> scores, ReadOnlySpan<byte> upcoming)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetReference(centers.Transposed);
        ref T xs = ref MemoryMarshal.GetReference(x);
        int r = 0;
        nint s = features;
        nint s2 = 2 * s, s3 = 3 * s;
        nint columnStride = stride;
        var prefetch = new Prefetcher(upcoming, rows / (2 * RowBlock));
        for (; r + (2 * RowBlock) <= rows; r += 2 * RowBlock)
        {
            prefetch.Next();
            // Rows r..r+3 at p + {0, s, 2s, 3s} (elements of a row apart) and r+4..r+7 at q + the same: two moving pointers and two offsets, so the
            // eight broadcasts address as [base + index × scale] instead of holding eight row pointers (which left too
            // few registers and spilled three of them in the natively compiled tool).
            ref T p = ref Unsafe.Add(ref xs, r * features);
            ref T q = ref Unsafe.Add(ref p, 4 * s);
            TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            TVector a4 = TSimd.Zero, a5 = TSimd.Zero, a6 = TSimd.Zero, a7 = TSimd.Zero;
            ref T column = ref ct;
            for (int f = 0; f < features; f++)
            {
                TVector c0 = TSimd.Load(ref column, 0);
                a0 = TSimd.MultiplyAdd(TSimd.Broadcast(p), c0, a0);
                a1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref p, s)), c0, a1);
                a2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref p, s2)), c0, a2);
                a3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref p, s3)), c0, a3);
                a4 = TSimd.MultiplyAdd(TSimd.Broadcast(q), c0, a4);
                a5 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref q, s)), c0, a5);
                a6 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref q, s2)), c0, a6);
                a7 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref q, s3)), c0, a7);
                p = ref Unsafe.Add(ref p, 1);
                q = ref Unsafe.Add(ref q, 1);
                column = ref Unsafe.Add(ref column, columnStride);
            }

            Pick<T, TSimd, TVector>(a0, a1, a2, a3, centers, labels, scores, r);
            Pick<T, TSimd, TVector>(a4, a5, a6, a7, centers, labels, scores, r + RowBlock);
        }

        for (; r < rows; r += RowBlock)
        {
            DotTile.FourByOne<T, TSimd, TVector>(
                ref Unsafe.Add(ref xs, r * features), features, ref ct, stride, out TVector a0, out TVector a1, out TVector a2, out TVector a3);
            Pick<T, TSimd, TVector>(a0, a1, a2, a3, centers, labels, scores, r);
        }
    }

    /// <summary>
    /// The kernel when the centers fill two vectors (W &lt; k ≤ 2W, e.g. k = 8 in doubles on AVX2): the 4 × 2 tile of the
    /// general kernel, but each row's two score vectors are reduced straight from registers (a mask and a bit scan
    /// over both) instead of through the lane-wise running best in memory.
    /// </summary>
    /// <remarks>
    /// A method of its own rather than a branch in the general kernel's tile: folded in there, the seed's float64
    /// kernel measured about 15% slower (fastest of 15 calls, alternating builds: 3.1–4.1 ms against 2.7–3.5 ms).
    /// </remarks>
    private static void NearestInTwoVectors<T, TSimd, TVector>(ReadOnlySpan<T> x, int rows, int features, CenterSet<T> centers, Span<int> labels, Span<T> scores, ReadOnlySpan<byte> upcoming)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetReference(centers.Transposed);
        ref T xs = ref MemoryMarshal.GetReference(x);
        var prefetch = new Prefetcher(upcoming, rows / RowBlock);
        for (int r = 0; r < rows; r += RowBlock)
        {
            prefetch.Next();
            DotTile.FourByTwo<T, TSimd, TVector>(
                ref Unsafe.Add(ref xs, r * features), features, ref ct, stride,
                out TVector a00, out TVector a01, out TVector a10, out TVector a11, out TVector a20, out TVector a21, out TVector a30, out TVector a31);
            ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
            TVector n0 = TSimd.Load(ref norms, 0);
            TVector n1 = TSimd.Load(ref norms, (nuint)w);
            TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
            scores[r] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, a00, n0), TSimd.MultiplyAdd(minusTwo, a01, n1), out labels[r]);
            scores[r + 1] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, a10, n0), TSimd.MultiplyAdd(minusTwo, a11, n1), out labels[r + 1]);
            scores[r + 2] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, a20, n0), TSimd.MultiplyAdd(minusTwo, a21, n1), out labels[r + 2]);
            scores[r + 3] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, a30, n0), TSimd.MultiplyAdd(minusTwo, a31, n1), out labels[r + 3]);
        }
    }

    /// <summary>
    /// Spreads software prefetches (into L2) of the memory the caller reads next over the tiles of a call, a few cache
    /// lines per tile, so that its reads from memory overlap the arithmetic. Prefetches never fault; where the
    /// instruction is missing (not x86) this does nothing.
    /// </summary>
    private unsafe ref struct Prefetcher
    {
        private readonly ref byte _start;
        private readonly int _lines;
        private readonly int _perTile;
        private int _next;

        public Prefetcher(ReadOnlySpan<byte> upcoming, int tiles)
        {
            _start = ref MemoryMarshal.GetReference(upcoming);
            _lines = (upcoming.Length + 63) / 64;
            _perTile = tiles > 0 ? (_lines + tiles - 1) / tiles : 0;
            _next = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Next()
        {
            if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
            {
                return;
            }

            // Locals, so the loop runs in registers (the struct's fields live on the stack).
            int next = _next;
            int end = Math.Min(_lines, next + _perTile);
            byte* line = (byte*)Unsafe.AsPointer(ref _start) + ((nint)next * 64);
            for (; next < end; next++, line += 64)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch1(line);
            }

            _next = next;
        }
    }

    /// <summary>Scores ‖c‖² − 2 x·c of 4 rows against the one vector of centers, and each row's lowest (lowest index on ties).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pick<T, TSimd, TVector>(TVector s0, TVector s1, TVector s2, TVector s3, CenterSet<T> centers, Span<int> labels, Span<T> scores, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        TVector norm = TSimd.Load(ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms), 0);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        scores[r] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, s0, norm), out labels[r]);
        scores[r + 1] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, s1, norm), out labels[r + 1]);
        scores[r + 2] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, s2, norm), out labels[r + 2]);
        scores[r + 3] = TSimd.ArgMin(TSimd.MultiplyAdd(minusTwo, s3, norm), out labels[r + 3]);
    }

    /// <summary>
    /// Folds the dot products of 4 rows with one vector of centers (from index <paramref name="first"/>) into the
    /// lane-wise best of rows <paramref name="slot"/> to slot + 3 of the group: score = ‖c‖² − 2 x·c, where 2·(x·c) is exact, so the fused form rounds as the plain one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold<T, TSimd, TVector>(TVector s0, TVector s1, TVector s2, TVector s3, ref T norms, int first, TVector minusTwo, ref T best, ref T bestIndex, int slot)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        TVector norm = TSimd.Load(ref norms, (nuint)first);
        TVector index = TSimd.Sequence(T.CreateTruncating(first));
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s0, norm), index, ref best, ref bestIndex, slot);
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s1, norm), index, ref best, ref bestIndex, slot + 1);
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s2, norm), index, ref best, ref bestIndex, slot + 2);
        Keep<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s3, norm), index, ref best, ref bestIndex, slot + 3);
    }

    /// <summary>
    /// As <see cref="Fold"/> for the dot products of 4 rows with two vectors of centers (from index
    /// <paramref name="first"/>, then W on): each row's two score vectors are first reduced to one lane-wise in registers,
    /// so the running best in memory is read and written once a row instead of twice (about 4% of the wide float32
    /// kernel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FoldPair<T, TSimd, TVector>(
        TVector s00, TVector s01, TVector s10, TVector s11, TVector s20, TVector s21, TVector s30, TVector s31,
        ref T norms, int first, TVector minusTwo, ref T best, ref T bestIndex, int slot)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        TVector n0 = TSimd.Load(ref norms, (nuint)first);
        TVector n1 = TSimd.Load(ref norms, (nuint)(first + w));
        TVector i0 = TSimd.Sequence(T.CreateTruncating(first));
        TVector i1 = TSimd.Sequence(T.CreateTruncating(first + w));
        KeepPair<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s00, n0), TSimd.MultiplyAdd(minusTwo, s01, n1), i0, i1, ref best, ref bestIndex, slot);
        KeepPair<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s10, n0), TSimd.MultiplyAdd(minusTwo, s11, n1), i0, i1, ref best, ref bestIndex, slot + 1);
        KeepPair<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s20, n0), TSimd.MultiplyAdd(minusTwo, s21, n1), i0, i1, ref best, ref bestIndex, slot + 2);
        KeepPair<T, TSimd, TVector>(TSimd.MultiplyAdd(minusTwo, s30, n0), TSimd.MultiplyAdd(minusTwo, s31, n1), i0, i1, ref best, ref bestIndex, slot + 3);
    }

    /// <summary>
    /// Keeps the lane-wise smaller of <paramref name="low"/> and <paramref name="high"/> (the later centers win only if
    /// strictly lower, as they would one at a time), then folds it into the row's running best.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void KeepPair<T, TSimd, TVector>(TVector low, TVector high, TVector lowIndex, TVector highIndex, ref T best, ref T bestIndex, int row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        TSimd.KeepSmaller(high, highIndex, ref low, ref lowIndex);
        Keep<T, TSimd, TVector>(low, lowIndex, ref best, ref bestIndex, row);
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
