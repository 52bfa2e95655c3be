using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// A dense matrix seen in working coordinates: each row minus <c>shift</c> (the column means during a fit, as
/// scikit-learn subtracts them from its copy of X; nothing for predict). The subtraction happens on the fly, in T,
/// so the values equal scikit-learn's centered copy without the copy.
/// </summary>
internal readonly struct DenseRows<T> : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseMatrix<T> _matrix;
    private readonly T[]? _shift;

    /// <summary>
    /// The shift repeated for <see cref="PatternRows"/> rows: contiguous rows are then shifted as one flat run of
    /// vectors, whatever d is, instead of row by row with a scalar tail each.
    /// </summary>
    private readonly T[]? _pattern;

    /// <summary>With unit weights, the split that keeps the update sums exact (<see cref="SumForm.ExactSplit"/>), or null: sums in blocks, in order.</summary>
    private readonly ExactSplit<T>? _split;

    /// <summary>
    /// Views <paramref name="matrix"/> shifted by <paramref name="shift"/> (null for no shift); with
    /// <paramref name="split"/> (made for these rows and shift), unweighted update sums are exact (<see cref="GetSumForm"/>).
    /// </summary>
    public DenseRows(DenseMatrix<T> matrix, T[]? shift, ExactSplit<T>? split = null)
    {
        _matrix = matrix;
        _shift = shift;
        _split = split;
        if (shift is not null && matrix.IsContiguous)
        {
            _pattern = new T[PatternRows * shift.Length];
            for (int r = 0; r < PatternRows; r++)
            {
                shift.CopyTo(_pattern, r * shift.Length);
            }
        }
    }

    private const int PatternRows = 16;

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public int Columns => _matrix.Columns;

    /// <summary>Rows centered per kernel call: scikit-learn's chunk, copied (and shifted) into scratch.</summary>
    private const int BlockRows = 256;

    /// <summary>Elements of slack before a block's copy, so that it can start anywhere within a page (see <see cref="BlockPlace"/>).</summary>
    private static int PageSlack => PageBytes / Unsafe.SizeOf<T>();

    private const int PageBytes = 4096;

    /// <inheritdoc/>
    public int ScratchLength(int clusters) => ((BlockRows + DenseAssignKernel.RowBlock + clusters) * Columns) + PageSlack;

    /// <inheritdoc/>
    /// <remarks>
    /// Per block of 256 rows: the rows are shifted into scratch (one pass over the data per iteration; the block
    /// stays in L1/L2 for the kernel and the update), the kernel picks each row's center, and the update step adds
    /// each row to its cluster's block sum in T (at most 256 terms), which is then added to the partition's double
    /// sums: accurate, and the double conversion costs d per cluster the block touched instead of d per row. With the
    /// exact split (unit weights) each row goes straight into its cluster's exact sums instead. A pass that sums no row
    /// from the block, for k ≤ 8 floats, copies nothing: <see cref="DensePanelKernel"/> reads the rows where they lie.
    /// </remarks>
    public AssignTotals Assign(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true) =>
        AssignBlocks(start, end, centers, weights, labels, scratch, sums, clusterWeights, moved, movingRows: false, sumScores);

    /// <inheritdoc/>
    public AssignTotals AssignMovingRows(int start, int end, CenterSet<T> centers, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true) =>
        _split is null
            ? throw new NotSupportedException("Dense sums without the exact split depend on their order; rows cannot be moved between them.")
            : AssignBlocks(start, end, centers, default, labels, scratch, sums, clusterWeights, moved, movingRows: true, sumScores);

    private AssignTotals AssignBlocks(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool movingRows, bool sumScores)
    {
        int d = Columns;
        int k = centers.Clusters;
        ExactSplit<T>? split = weights.IsEmpty ? _split : null;
        bool update = !sums.IsEmpty && !movingRows;
        Span<int> blockLabels = stackalloc int[BlockRows + DenseAssignKernel.RowBlock];
        Span<T> blockScores = stackalloc T[BlockRows + DenseAssignKernel.RowBlock];
        Span<T> blockArea = scratch[..(((BlockRows + DenseAssignKernel.RowBlock) * d) + PageSlack)];
        Span<T> blockSums = scratch.Slice(blockArea.Length, k * d);

        // Moving rows: which rows of a block changed, and their old labels (once per call, not per block).
        Span<int> changedRows = movingRows ? stackalloc int[BlockRows] : default;
        Span<int> previousLabels = movingRows ? stackalloc int[BlockRows] : default;

        // Which clusters the block touched: only their block sums are added to the double sums and cleared (with
        // k = 256 a block of 256 rows touches about 160; an untouched block sum is exactly zero and would add nothing).
        // (Past 262144 clusters the mask leaves the stack: one small array per pass, k/8 bytes.)
        int words = (k + 63) / 64;
        bool blocks = update && split is null;
        Span<ulong> touched = !blocks ? default : words <= 4096 ? stackalloc ulong[words] : new ulong[words];
        if (blocks)
        {
            blockSums.Clear();
        }

        ReadOnlySpan<T> data = _matrix.Memory.Span;
        int stride = _matrix.Stride;

        // A pass that sums no row from the block reads the rows where they lie when the panel kernel serves its shape.
        bool inPlace = !update && DensePanelKernel.Handles<T>(k, d);
        AssignTotals totals = default;
        for (int first = start; first < end; first += BlockRows)
        {
            int count = Math.Min(BlockRows, end - first);
            Span<T> block;
            PrefetchLabels(labels.Slice(first, count));
            if (inPlace)
            {
                block = default;
                AssignInPlace(data, first, count, stride, centers, blockLabels, blockScores, blockArea);
            }
            else
            {
                block = AssignCopied(
                    data, first, count, stride, blockArea[BlockPlace(data, first * stride, blockArea)..], centers, blockLabels, blockScores, NextBlock(data, first + count, end, stride));
            }

            ReadOnlySpan<T> blockWeights = weights.IsEmpty ? default : weights.Slice(first, count);
            if (sumScores)
            {
                totals.Score += ScoreSum(blockScores[..count], blockWeights);
            }

            if (movingRows)
            {
                totals.Changed += MoveChanged(block, first, blockLabels[..count], labels.Slice(first, count), sums, clusterWeights, moved, changedRows, previousLabels, blockArea[^d..]);
                continue;
            }

            totals.Changed += UpdateLabels(blockLabels[..count], labels.Slice(first, count), moved, default, default);
            if (update && split is not null)
            {
                AddSplit(split, block, blockLabels[..count], sums, clusterWeights);
            }
            else if (update)
            {
                AddToBlockSums(block, d, blockLabels[..count], blockWeights, blockSums, clusterWeights, touched);
                FlushTouched(touched, blockSums, sums);
            }
        }

        return totals;
    }

    /// <summary>
    /// Asks for the block's previous labels before the kernel runs, so that they are in L1 when the tally compares them:
    /// read only there, 4 bytes a row among the data's streams, they missed the cache at every line otherwise.
    /// </summary>
    private static unsafe void PrefetchLabels(ReadOnlySpan<int> labels)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            return;
        }

        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(labels));
        for (nint offset = 0; offset < labels.Length * sizeof(int); offset += 64)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(start + offset);
        }
    }

    /// <summary>
    /// The rows of the block after the current one, as bytes, for the kernel to prefetch while it computes: copied
    /// right after the kernel, a block's rows otherwise arrive from memory only as the copy asks for them (the hardware
    /// prefetchers run only a little ahead of a burst of loads and stop at each 4 KiB page), and the copy stalled on
    /// them. Measured on the seed (`Centroid.Benchmarks pass`, fastest of 15, four alternating runs): the float32 pass
    /// on one thread 3.3–5.5 → 3.0–3.2 ms, on two without sums 1.2–1.5 → 1.0–1.3 ms.
    /// </summary>
    private ReadOnlySpan<byte> NextBlock(ReadOnlySpan<T> data, int first, int end, int stride)
    {
        int count = Math.Min(BlockRows, end - first);
        return count <= 0 ? default : MemoryMarshal.AsBytes(data.Slice(first * stride, ((count - 1) * stride) + Columns));
    }

    /// <summary>
    /// As <see cref="UpdateLabels"/>, and each row whose label changed is moved between the exact sums
    /// (<see cref="SumForm.ExactSplit"/>): subtracted from its old cluster's (if any), added to its new one's.
    /// <paramref name="changedRows"/> and <paramref name="previous"/> are scratch for a block's changes; the rows come
    /// from <paramref name="block"/> (the block's shifted copy), or when it is empty (read in place) from the data,
    /// block row r being data row <paramref name="first"/> + r, shifted one at a time into <paramref name="row"/>.
    /// </summary>
    /// <returns>How many labels changed.</returns>
    private int MoveChanged(ReadOnlySpan<T> block, int first, ReadOnlySpan<int> blockLabels, Span<int> labels, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, Span<int> changedRows, Span<int> previous, Span<T> row)
    {
        int changed = UpdateLabels(blockLabels, labels, moved, changedRows, previous);

        // The moves after the scan, not inside it: a call in its loop kept its running values in memory across it.
        ExactSplit<T> split = _split!;
        int d = Columns;
        for (int m = 0; m < changed; m++)
        {
            int r = changedRows[m];
            if (block.IsEmpty)
            {
                // Read in place, no block: the row shifted on its own into `row`, with the bits the block's copy has.
                MoveRow(first + r, previous[m], blockLabels[r], row, sums, clusterWeights);
            }
            else
            {
                MoveRow(split, block.Slice(r * d, d), previous[m], blockLabels[r], sums, clusterWeights);
            }
        }

        return changed;
    }

    /// <summary>
    /// The block's labels and scores by the panel kernel, reading rows [first, first + count) where they lie; the rows
    /// past the last whole panel (at the end of a partition) go through <see cref="AssignCopied"/>, which gives the same bits.
    /// </summary>
    private void AssignInPlace(ReadOnlySpan<T> data, int first, int count, int stride, CenterSet<T> centers, Span<int> blockLabels, Span<T> blockScores, Span<T> area)
    {
        int d = Columns;
        int panels = count / DensePanelKernel.PanelRows;
        ReadOnlySpan<float> shift = _shift is null ? default : Unsafe.As<float[]>(_shift);
        DensePanelKernel.Nearest(
            in Unsafe.As<T, float>(ref Unsafe.AsRef(in data[first * stride])), stride, panels, d, shift,
            Unsafe.As<CenterSet<float>>(centers), blockLabels, MemoryMarshal.Cast<T, float>(blockScores));

        int done = panels * DensePanelKernel.PanelRows;
        if (done < count)
        {
            AssignCopied(data, first + done, count - done, stride, area, centers, blockLabels[done..], blockScores[done..], default);
        }
    }

    /// <summary>
    /// Rows [first, first + count) shifted into the start of <paramref name="area"/>, with zero rows up to a whole
    /// tile, then the row-major kernel's labels and scores for them (prefetching <paramref name="upcoming"/>, see
    /// <see cref="NextBlock"/>); returns the block of shifted rows.
    /// </summary>
    private Span<T> AssignCopied(scoped ReadOnlySpan<T> data, int first, int count, int stride, Span<T> area, CenterSet<T> centers, scoped Span<int> blockLabels, scoped Span<T> blockScores, scoped ReadOnlySpan<byte> upcoming)
    {
        int d = Columns;
        int padded = (count + DenseAssignKernel.RowBlock - 1) / DenseAssignKernel.RowBlock * DenseAssignKernel.RowBlock;
        Span<T> block = area[..(padded * d)];
        LoadBlock(data, first, count, stride, block);
        block[(count * d)..].Clear();
        DenseAssignKernel.Nearest<T>(block, padded, d, centers, blockLabels, blockScores, upcoming);
        return block;
    }

    /// <summary>
    /// Copies the rows' new labels over their old ones and returns how many changed, marking each change's clusters in
    /// <paramref name="moved"/> (if given) and, if <paramref name="changedRows"/> is given, recording each changed row's
    /// position and old label. Few rows change after the first passes: runs of unchanged labels are skipped by
    /// vectorised comparison.
    /// </summary>
    private static int UpdateLabels(ReadOnlySpan<int> blockLabels, Span<int> labels, Span<ulong> moved, Span<int> changedRows, Span<int> previous)
    {
        int changed = 0;
        int r = UnchangedPrefix(blockLabels, labels);
        while (r < blockLabels.Length)
        {
            int best = blockLabels[r];
            int old = labels[r];
            labels[r] = best;
            ClusterMask.AddMove(moved, old, best);
            if (!changedRows.IsEmpty)
            {
                changedRows[changed] = r;
                previous[changed] = old;
            }

            changed++;
            r++;

            // In the first pass every label changes: no scan then.
            if (r < blockLabels.Length && blockLabels[r] == labels[r])
            {
                r += UnchangedPrefix(blockLabels[r..], labels[r..]);
            }
        }

        return changed;
    }

    /// <summary>
    /// How many leading labels of <paramref name="next"/> equal those of <paramref name="current"/> (at least as long):
    /// the runtime's <c>CommonPrefixLength</c> for labels, inlined into the tally with 8 labels a comparison, in place of a
    /// call per run of unchanged labels (late passes compare whole blocks of them; the call and its comparison were 3–4%
    /// of a native seed fit, 2.3% now with the labels prefetched, see <see cref="PrefetchLabels"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int UnchangedPrefix(ReadOnlySpan<int> next, ReadOnlySpan<int> current)
    {
        current = current[..next.Length];
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref int a = ref MemoryMarshal.GetReference(next);
            ref int b = ref MemoryMarshal.GetReference(current);
            for (; i + Vector256<int>.Count <= next.Length; i += Vector256<int>.Count)
            {
                Vector256<int> equal = Vector256.Equals(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i));
                if (equal != Vector256<int>.AllBitsSet)
                {
                    return i + BitOperations.TrailingZeroCount(~equal.ExtractMostSignificantBits());
                }
            }
        }

        while (i < next.Length && next[i] == current[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Σ w·score of a block (unit weights when <paramref name="weights"/> is empty), each term rounded in T as before
    /// and added in double. Four running sums (rows r mod 4) combined at the end: a single one made the row's addition
    /// wait for the last, a latency chain that took as long as the rest of the scan. Not inlined: inside the pass's
    /// loop the native code kept such running sums in memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ScoreSum(ReadOnlySpan<T> scores, ReadOnlySpan<T> weights)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int r = 0;
        if (weights.IsEmpty)
        {
            for (; r + 4 <= scores.Length; r += 4)
            {
                s0 += VectorMath.Widen(scores[r]);
                s1 += VectorMath.Widen(scores[r + 1]);
                s2 += VectorMath.Widen(scores[r + 2]);
                s3 += VectorMath.Widen(scores[r + 3]);
            }

            for (; r < scores.Length; r++)
            {
                s0 += VectorMath.Widen(scores[r]);
            }
        }
        else
        {
            weights = weights[..scores.Length];
            for (; r + 4 <= scores.Length; r += 4)
            {
                s0 += VectorMath.Widen(weights[r] * scores[r]);
                s1 += VectorMath.Widen(weights[r + 1] * scores[r + 1]);
                s2 += VectorMath.Widen(weights[r + 2] * scores[r + 2]);
                s3 += VectorMath.Widen(weights[r + 3] * scores[r + 3]);
            }

            for (; r < scores.Length; r++)
            {
                s0 += VectorMath.Widen(weights[r] * scores[r]);
            }
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>
    /// Moves the row <paramref name="x"/> (working coordinates) from cluster <paramref name="from"/>'s exact sums and weight
    /// (none when −1) to cluster <paramref name="to"/>'s; the sums hold all clusters' high parts, then their low parts.
    /// </summary>
    private static void MoveRow(ExactSplit<T> split, ReadOnlySpan<T> x, int from, int to, Span<double> sums, Span<double> clusterWeights)
    {
        int d = split.Columns;
        int kd = clusterWeights.Length * d;
        if (from >= 0)
        {
            split.Subtract(x, sums.Slice(from * d, d), sums.Slice(kd + (from * d), d));
            clusterWeights[from] -= 1.0;
        }

        split.Add(x, sums.Slice(to * d, d), sums.Slice(kd + (to * d), d));
        clusterWeights[to] += 1.0;
    }

    /// <summary>Adds each row of the block to its cluster's exact sums (<see cref="SumForm.ExactSplit"/>) and 1 to its weight.</summary>
    private static void AddSplit(ExactSplit<T> split, ReadOnlySpan<T> block, ReadOnlySpan<int> blockLabels, Span<double> sums, Span<double> clusterWeights)
    {
        int d = split.Columns;
        for (int r = 0; r < blockLabels.Length; r++)
        {
            MoveRow(split, block.Slice(r * d, d), -1, blockLabels[r], sums, clusterWeights);
        }
    }

    /// <summary>
    /// Adds each row of the block, times its weight, to its cluster's block sum (rows in order), and its weight to the
    /// cluster's. Walks the block and the sums by bare references: with spans the loop compiled to some 60 instructions
    /// a row (bounds checks, registers spilled across the call it inlined).
    /// </summary>
    private static void AddToBlockSums(ReadOnlySpan<T> block, int d, ReadOnlySpan<int> blockLabels, ReadOnlySpan<T> weights, Span<T> blockSums, Span<double> clusterWeights, Span<ulong> touched)
    {
        ref T x = ref MemoryMarshal.GetReference(block);
        ref T sums = ref MemoryMarshal.GetReference(blockSums);
        ref double weightOf = ref MemoryMarshal.GetReference(clusterWeights);
        ref ulong touchedWord = ref MemoryMarshal.GetReference(touched);
        for (int r = 0; r < blockLabels.Length; r++)
        {
            int best = blockLabels[r];
            T w = weights.IsEmpty ? T.One : weights[r];
            VectorMath.AddScaled(MemoryMarshal.CreateReadOnlySpan(ref x, d), w, MemoryMarshal.CreateSpan(ref Unsafe.Add(ref sums, best * d), d));
            Unsafe.Add(ref weightOf, best) += VectorMath.Widen(w);
            Unsafe.Add(ref touchedWord, best >> 6) |= 1UL << best;
            x = ref Unsafe.Add(ref x, d);
        }
    }

    /// <summary>Adds the touched clusters' block sums (T) to the double sums and clears them and the mask.</summary>
    private void FlushTouched(Span<ulong> touched, Span<T> blockSums, Span<double> sums)
    {
        int d = Columns;
        for (int word = 0; word < touched.Length; word++)
        {
            ulong bits = touched[word];
            while (bits != 0)
            {
                int j = (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                Span<T> block = blockSums.Slice(j * d, d);
                VectorMath.AddWidened<T>(block, sums.Slice(j * d, d));
                block.Clear();
            }

            touched[word] = 0;
        }
    }

    /// <summary>
    /// Where in <paramref name="area"/> the copy of the rows from element <paramref name="source"/> of
    /// <paramref name="data"/> starts: at the place whose address is about 2.5 KiB below the source's within a 4 KiB
    /// page. The copy loads the source just after storing the block; when a load's address equals a recent store's in
    /// its low 12 bits the core assumes they overlap and waits ("4K aliasing"), and with a block of 256 rows a whole
    /// number of pages long the two addresses keep the same offset for every block of a pass: measured 4.5 ms instead
    /// of 0.7 ms to copy the seed's 200000 × 20 floats, depending only on where the arrays happened to be allocated.
    /// </summary>
    private static int BlockPlace(ReadOnlySpan<T> data, int source, Span<T> area)
    {
        nint distance = Unsafe.ByteOffset(
            ref MemoryMarshal.GetReference(area), ref Unsafe.Add(ref MemoryMarshal.GetReference(data), source));
        int bytes = (int)((distance - LoadDistanceBytes) & (PageBytes - 1)) & ~63;
        return bytes / Unsafe.SizeOf<T>();
    }

    /// <summary>The source's address minus the copy's, within a page: far from 0 both ways (measured best 2–3 KiB).</summary>
    private const int LoadDistanceBytes = 2560;

    /// <summary>Rows [first, first + count) into <paramref name="block"/>, shifted (each difference rounded once in T).</summary>
    private void LoadBlock(ReadOnlySpan<T> data, int first, int count, int stride, Span<T> block)
    {
        int d = Columns;
        int r = 0;
        if (_pattern is not null)
        {
            int run = PatternRows * d;
            for (; r + PatternRows <= count; r += PatternRows)
            {
                VectorMath.Subtract(data.Slice((first + r) * d, run), _pattern, block.Slice(r * d, run));
            }
        }

        for (; r < count; r++)
        {
            ReadOnlySpan<T> row = data.Slice((first + r) * stride, d);
            if (_shift is null)
            {
                row.CopyTo(block.Slice(r * d, d));
            }
            else
            {
                VectorMath.Subtract(row, _shift, block.Slice(r * d, d));
            }
        }
    }

    /// <summary>
    /// One block's sums in T for the clusters in <paramref name="clusters"/>, as <see cref="Assign"/> forms them (see
    /// <see cref="IExactRows{T}.BlockSums"/>); <paramref name="row"/> is scratch for one shifted row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BlockSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> row, Span<T> blockSums)
    {
        int d = Columns;
        int stride = _matrix.Stride;
        ReadOnlySpan<T> data = _matrix.Memory.Span;
        Span<T> x = row[..d];
        ClusterMask.Clear(clusters, blockSums, d);
        for (int i = start; i < end; i++)
        {
            int label = labels[i];
            if (ClusterMask.Contains(clusters, label))
            {
                Shift(data.Slice(i * stride, d), x);
                T weight = weights.IsEmpty ? T.One : weights[i];
                Span<T> sum = blockSums.Slice(label * d, d);
                if (d < Vector256<T>.Count)
                {
                    // Narrower than a vector: one FMA per element, as AddScaled computes them, inline.
                    for (int f = 0; f < d; f++)
                    {
                        sum[f] = T.FusedMultiplyAdd(x[f], weight, sum[f]);
                    }
                }
                else
                {
                    RowArithmetic.AddScaled(x, weight, sum);
                }
            }
        }
    }

    /// <inheritdoc/>
    public int SumScratchLength(int clusters) => (clusters + 1) * Columns;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PartitionSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> scratch, Span<double> sums, Span<double> clusterWeights)
    {
        int d = Columns;
        int k = clusterWeights.Length;
        if (_split is not null && weights.IsEmpty)
        {
            PartitionSplitSums(start, end, labels, clusters, scratch[..d], sums, clusterWeights);
            return;
        }

        Span<T> blockSums = scratch[..(k * d)];
        Span<T> x = scratch.Slice(k * d, d);
        ClusterMask.Clear(clusters, sums, d);
        ClusterMask.Clear(clusters, clusterWeights, 1);

        // Per block, the chosen clusters it has rows of: only their block sums are added (another's is +0, and adding +0
        // changes no sum, none being −0), as Assign adds only the clusters a block touched; with k = 256 a block of 256
        // rows holds about 160 of them. The same pass over the labels adds the weights, rows in order.
        int words = clusters.Length;
        Span<ulong> present = words <= 4096 ? stackalloc ulong[words] : new ulong[words];
        for (int first = start; first < end; first += Parallel.RowPartition.ChunkSize)
        {
            int last = Math.Min(end, first + Parallel.RowPartition.ChunkSize);
            BlockSums(first, last, labels, weights, clusters, x, blockSums);
            present.Clear();
            for (int i = first; i < last; i++)
            {
                int label = labels[i];
                if (ClusterMask.Contains(clusters, label))
                {
                    ClusterMask.Add(present, label);
                    clusterWeights[label] += double.CreateTruncating(weights.IsEmpty ? T.One : weights[i]);
                }
            }

            foreach (int j in new ClusterMask(present))
            {
                VectorMath.AddWidened<T>(blockSums.Slice(j * d, d), sums.Slice(j * d, d));
            }
        }
    }

    /// <summary>As <see cref="PartitionSums"/> for exact sums (<see cref="SumForm.ExactSplit"/>): the chosen clusters' rows added in any order.</summary>
    private void PartitionSplitSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<ulong> clusters, Span<T> x, Span<double> sums, Span<double> clusterWeights)
    {
        ExactSplit<T> split = _split!;
        int d = Columns;
        int kd = clusterWeights.Length * d;
        ClusterMask.Clear(clusters, sums[..kd], d);
        ClusterMask.Clear(clusters, sums[kd..], d);
        ClusterMask.Clear(clusters, clusterWeights, 1);
        for (int i = start; i < end; i++)
        {
            int label = labels[i];
            if (ClusterMask.Contains(clusters, label))
            {
                Shift(RawRow(i), x);
                MoveRow(split, x, -1, label, sums, clusterWeights);
            }
        }
    }

    /// <inheritdoc/>
    public void MoveRow(int i, int from, int to, Span<T> row, Span<double> sums, Span<double> clusterWeights)
    {
        ExactSplit<T> split = _split ?? throw new NotSupportedException("Dense sums without the exact split depend on their order; rows cannot be moved between them.");
        Span<T> x = row[..Columns];
        Shift(RawRow(i), x);
        MoveRow(split, x, from, to, sums, clusterWeights);
    }

    /// <summary>Row <paramref name="x"/> of the data in working coordinates (minus the shift, if any) into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Shift(ReadOnlySpan<T> x, Span<T> destination)
    {
        if (_shift is null)
        {
            x.CopyTo(destination);
        }
        else if (x.Length < 16)
        {
            // Few features: inline. Each difference is one correctly rounded subtraction, as in VectorMath.Subtract
            // (the block DenseRows shifts), so the row has the kernel's bits.
            ref T xr = ref MemoryMarshal.GetReference(x);
            ref T sr = ref MemoryMarshal.GetArrayDataReference(_shift);
            ref T dr = ref MemoryMarshal.GetReference(destination);
            for (int f = 0; f < x.Length; f++)
            {
                Unsafe.Add(ref dr, f) = Unsafe.Add(ref xr, f) - Unsafe.Add(ref sr, f);
            }
        }
        else
        {
            RowArithmetic.Subtract<T>(x, _shift, destination[..x.Length]);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Exact (<see cref="SumForm.ExactSplit"/>) with unit weights when the rows were given their split; otherwise the
    /// sums are formed in T by blocks of rows, in order.
    /// </remarks>
    public SumForm GetSumForm(ReadOnlySpan<T> weights) => _split is not null && weights.IsEmpty ? SumForm.ExactSplit : SumForm.Ordered;

    /// <inheritdoc/>
    public int SumParts => _split is null ? 1 : 2;

    /// <inheritdoc/>
    public T SquaredDistance(int row, ReadOnlySpan<T> center, T centerNorm)
    {
        ReadOnlySpan<T> x = RawRow(row);
        if (_shift is null)
        {
            return VectorMath.SquaredDistance(x, center);
        }

        // Same block-of-four order as VectorMath.SquaredDistance, on x − shift.
        ReadOnlySpan<T> s = _shift;
        int d = x.Length;
        int blocks = d & ~3;
        T result = T.Zero;
        int f = 0;
        for (; f < blocks; f += 4)
        {
            T d0 = (x[f] - s[f]) - center[f];
            T d1 = (x[f + 1] - s[f + 1]) - center[f + 1];
            T d2 = (x[f + 2] - s[f + 2]) - center[f + 2];
            T d3 = (x[f + 3] - s[f + 3]) - center[f + 3];
            result += (d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3);
        }

        for (; f < d; f++)
        {
            T diff = (x[f] - s[f]) - center[f];
            result += diff * diff;
        }

        return result;
    }

    /// <inheritdoc/>
    public void AddRow(int row, double scale, Span<double> destination)
    {
        ReadOnlySpan<T> x = RawRow(row);
        ReadOnlySpan<T> s = _shift;
        for (int f = 0; f < x.Length; f++)
        {
            T v = s.IsEmpty ? x[f] : x[f] - s[f];
            destination[f] += double.CreateTruncating(v) * scale;
        }
    }

    /// <inheritdoc/>
    public void CopyRow(int row, Span<T> destination) => Shift(RawRow(row), destination);

    /// <inheritdoc/>
    public double DotAndNorm(int row, ReadOnlySpan<double> point, out double rowNorm) =>
        VectorMath.ShiftedDotAndNorm<T>(RawRow(row), _shift, point, out rowNorm);

    private ReadOnlySpan<T> RawRow(int row) => _matrix.Row(row);
}
