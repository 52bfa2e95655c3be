using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// The iteration of a bounds algorithm, step for step Lloyd's (<see cref="LloydSolver{T, TRows}"/>): assignment,
/// update (the shared <see cref="CenterUpdate{T, TRows}"/>: same sums, relocation, averaging and shift), strict or
/// tolerance convergence, a final assignment when not strict, the inertia in the exact difference form. The first
/// assignment scores every center (and sets the bounds); later ones go through the algorithm's bounds. Labels equal
/// Lloyd's at every iteration, so centers, iteration count and inertia do too.
/// </summary>
/// <remarks>
/// <para>The update sums are Lloyd's bit for bit, but only what changed is summed again. A cluster's sum is the
/// partitions' slots added in partition order, a slot is its blocks' T sums added in block order (dense; CSR adds rows),
/// and a block's sum depends only on which of its rows carry the label. So when a row moves from cluster a to b, only
/// a's and b's sums in its block, in its partition's slot and in the total are formed again — from the data of the
/// block's rows of a and b, and from the other blocks' cached sums (<see cref="CachedPartitionSums"/>). Late
/// iterations, where a few labels move, read a few rows instead of the whole data. When the sums are exact in any order
/// (<see cref="IRowSource{T}.GetSumForm"/>), each row's summed cluster is kept instead (4n bytes, no block cache) and the
/// rows whose label changed are moved between the sums (<see cref="MoveChangedRows"/>).</para>
/// <para>Extra memory over Lloyd: the algorithm's bounds, the center tables (<see cref="CenterGeometry{T}"/>), per-worker
/// buffers of O(k + d) elements, and for dense data within the memory budget the block cache:
/// ⌈n / 256⌉ · (k·d·s + 4k + 8⌈k / 64⌉) bytes (<see cref="CacheBytes"/>; without it a partition with a moved label
/// re-reads the rows of the moved clusters). The slots are Lloyd's.</para>
/// </remarks>
internal sealed class BoundedSolver<T, TRows> : IKMeansSolver<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    private readonly TRows _rows;
    private readonly ReadOnlyMemory<T> _weights;
    private readonly int _k;
    private readonly int _d;
    private readonly PartitionRunner _runner;
    private readonly RowPartition _plan;
    private readonly CenterUpdate<T, TRows> _update;
    private readonly BoundsAlgorithm<T, TRows> _algorithm;
    private readonly CenterGeometry<T> _geometry;
    private readonly BoundsScratch<T>[] _scratch;
    private readonly int[] _slotChanged;
    private readonly double[] _slotRowNorm;
    private readonly bool[] _slotValid;
    private readonly ulong[] _changed;
    private readonly PartitionSlots<ulong> _slotDirty;
    private readonly ulong[] _dirty;
    private readonly ulong[] _all;
    private readonly bool _cacheBlocks;
    private T[] _blockSums = [];
    private ulong[] _blockPresent = [];
    private int[] _blockCounts = [];
    private readonly int _words;

    /// <summary>
    /// With sums exact in any order (<see cref="IRowSource{T}.GetSumForm"/>): per row, the cluster whose sums hold it
    /// (−1 for none), so that a pass moves the rows whose label changed instead of summing clusters again.
    /// </summary>
    private int[] _summed = [];

    /// <summary>Prepares a solver running <paramref name="algorithm"/> over <paramref name="rows"/>.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="weights">Sample weights, or empty.</param>
    /// <param name="clusters">k.</param>
    /// <param name="runner">Runs the partitions.</param>
    /// <param name="algorithm">The bounds.</param>
    /// <param name="cacheBlockSums">
    /// Keep every block's update sums (⌈n / 256⌉ · k · d elements of T, see <see cref="CacheBytes"/>) so that a changed label
    /// re-reads its block of 256 rows, not its whole partition; dense rows only.
    /// </param>
    public BoundedSolver(TRows rows, ReadOnlyMemory<T> weights, int clusters, PartitionRunner runner, BoundsAlgorithm<T, TRows> algorithm, bool cacheBlockSums)
    {
        _rows = rows;
        _weights = weights;
        _k = clusters;
        _d = rows.Columns;
        _runner = runner;
        _update = new CenterUpdate<T, TRows>(rows, weights, clusters, runner);
        _plan = _update.Plan;
        _algorithm = algorithm;
        _geometry = algorithm.Geometry;
        _scratch = new BoundsScratch<T>[runner.Threads];
        for (int t = 0; t < _scratch.Length; t++)
        {
            _scratch[t] = new BoundsScratch<T>(clusters, _d, rows.SumScratchLength(clusters));
        }

        _words = ClusterMask.Words(clusters);
        _changed = new ulong[_plan.ChunkCount * _words];
        _slotDirty = new PartitionSlots<ulong>(_plan.Count, _words);
        _dirty = new ulong[_words];
        _all = ClusterMask.All(clusters);
        _cacheBlocks = cacheBlockSums && rows.SumsByBlock;
        _slotChanged = new int[_plan.Count];
        _slotRowNorm = new double[_plan.Count];
        _slotValid = new bool[_plan.Count];
    }

    /// <inheritdoc/>
    public KMeansAlgorithm Algorithm => _algorithm.Algorithm;

    /// <summary>Bytes of the block cache for n rows, k clusters, d features: per block of 256 rows its sums, counts and cluster mask.</summary>
    public static unsafe long CacheBytes(long rows, int clusters, int features) =>
        ((rows + RowPartition.ChunkSize - 1) / RowPartition.ChunkSize) * (((long)clusters * features * sizeof(T)) + (4L * clusters) + (8L * ClusterMask.Words(clusters)));

    /// <inheritdoc/>
    public Action<int, double>? IterationCallback { get; set; }

    /// <inheritdoc/>
    public TextWriter? Log { get; set; }

    /// <inheritdoc/>
    public LloydResult Run(CenterSet<T> centers, int[] labels, int maxIterations, double tolerance, CancellationToken cancellationToken)
    {
        _update.PrepareSlots();
        if (_update.Form != SumForm.Ordered && _summed.Length == 0)
        {
            _summed = new int[_rows.Rows];
        }

        if (_cacheBlocks && _blockSums.Length == 0)
        {
            _blockSums = new T[checked((long)_plan.ChunkCount * _k * _d)];
            _blockPresent = new ulong[_plan.ChunkCount * _words];
            _blockCounts = _weights.IsEmpty ? new int[checked(_plan.ChunkCount * _k)] : [];
        }

        labels.AsSpan().Fill(-1);
        Array.Clear(_slotValid);
        _algorithm.Prepare();
        _geometry.Reset();
        var next = new CenterSet<T>(_k, _d);
        CenterSet<T> current = centers;
        bool strict = false;
        int iteration = 0;

        // After this, each update leaves the next centers' norms and transposition current.
        current.UpdateNorms();
        for (; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int changed = Assign(current, labels, full: iteration == 0, update: true);
            MergeDirty();
            if (IterationCallback is not null || Log is not null)
            {
                // The exact inertia of the centers just used, as scikit-learn's Elkan reports it (Elkan's line has no
                // trailing period); the bounds leave no per-row score to add up, so this costs a pass over the data.
                double inertia = _update.Inertia(current, labels);
                IterationCallback?.Invoke(iteration, inertia);
                Log?.WriteLine(_algorithm.Algorithm == KMeansAlgorithm.Elkan ? $"Iteration {iteration}, inertia {inertia}" : $"Iteration {iteration}, inertia {inertia}.");
            }

            T shift = _update.Update(current, next, labels);
            _geometry.AddShifts(current, next);
            (current, next) = (next, current);

            if (changed == 0)
            {
                strict = true;
                Log?.WriteLine($"Converged at iteration {iteration}: strict convergence.");
                break;
            }

            if (double.CreateTruncating(shift) <= tolerance)
            {
                Log?.WriteLine($"Converged at iteration {iteration}: center shift {shift} within tolerance {tolerance}.");
                break;
            }
        }

        if (!strict)
        {
            // Labels must match the centers returned; the centers are not updated again.
            Assign(current, labels, full: false, update: false);
        }

        if (!ReferenceEquals(current, centers))
        {
            current.Values.CopyTo(centers.Values, 0);
        }

        centers.UpdateNorms();
        double result = _update.Inertia(centers, labels);
        return new LloydResult(result, Math.Min(iteration + 1, maxIterations), strict);
    }

    /// <summary>
    /// One assignment pass: full (every center scored for every row, every bound set: the first pass) or bounded; with
    /// <paramref name="update"/>, the partitions' sums.
    /// </summary>
    private int Assign(CenterSet<T> centers, int[] labels, bool full, bool update)
    {
        _geometry.Refresh(centers);
        if (full)
        {
            _algorithm.BeginFirstPass(centers);
        }
        else
        {
            _algorithm.BeginPass();
        }

        _runner.Run(_plan, new AssignWork(this, centers, labels, full, update));
        int changed = 0;
        double rowNorm = 0;
        for (int p = 0; p < _plan.Count; p++)
        {
            changed += _slotChanged[p];
            rowNorm = Math.Max(rowNorm, _slotRowNorm[p]);
        }

        if (full)
        {
            _geometry.RowNormBound = rowNorm;
        }

        return changed;
    }

    /// <summary>
    /// A full pass over a partition: every center's score, tile by tile; Lloyd's label and fresh bounds for every row.
    /// For dense rows with <paramref name="fuseSums"/>, also the partition's update sums, formed as Lloyd forms them
    /// (each block of <see cref="RowPartition.ChunkSize"/> rows summed in T in row order, then added in double) while
    /// the rows are at hand; the caller then skips the separate sums step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AssignFull(int start, int end, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, bool fuseSums, Span<double> sums, Span<double> weights, out double rowNorm)
    {
        int tile = DenseScoreKernel.RowBlock;
        int stride = DenseScoreKernel.RowStride(centers.PaddedClusters);
        int kd = _k * _d;
        ReadOnlySpan<T> w = _weights.Span;
        int changed = 0;
        rowNorm = 0;
        if (fuseSums)
        {
            sums.Clear();
            weights.Clear();
        }

        Span<T> blockSums = default;
        for (int first = start; first < end; first += tile)
        {
            int block = first / RowPartition.ChunkSize;
            // Partitions start on a block boundary and tiles divide blocks, so a tile never straddles two blocks.
            if (fuseSums && first % RowPartition.ChunkSize == 0)
            {
                blockSums = _cacheBlocks ? _blockSums.AsSpan(block * kd, kd) : scratch.Sums.AsSpan(0, kd);
                blockSums.Clear();
            }

            int count = Math.Min(tile, end - first);
            for (int r = 0; r < count; r++)
            {
                scratch.TileRows[r] = first + r;
                _rows.Load(first + r, scratch.Tile.AsSpan(r * _d, _d));
            }

            scratch.Tile.AsSpan(count * _d).Clear();
            _rows.ScoreTile(scratch.TileRows.AsSpan(0, count), scratch.Tile, centers, scratch.Scores);
            for (int r = 0; r < count; r++)
            {
                int i = first + r;
                ReadOnlySpan<T> scores = scratch.Scores.AsSpan(r * stride, _k);
                ReadOnlySpan<T> x = scratch.Tile.AsSpan(r * _d, _d);
                int best = ExactScore.TopTwo<T>(scratch.Scores.AsSpan(r * stride, centers.PaddedClusters), out T second);
                double squaredNorm = _rows.SquaredNorm(i, x);
                double norm = _geometry.RowNorm(squaredNorm);
                rowNorm = Math.Max(rowNorm, norm);
                _algorithm.Initialize(i, best, second, scores, squaredNorm, norm);
                if (labels[i] != best)
                {
                    changed++;
                    labels[i] = best;
                }

                if (fuseSums)
                {
                    T weight = w.IsEmpty ? T.One : w[i];
                    RowArithmetic.AddScaled(x, weight, blockSums.Slice(best * _d, _d));
                    weights[best] += double.CreateTruncating(weight);
                }
            }

            if (fuseSums && (first + tile >= end || (first + tile) % RowPartition.ChunkSize == 0))
            {
                EndBlock(block, block * RowPartition.ChunkSize, Math.Min(end, (block + 1) * RowPartition.ChunkSize), labels, blockSums, sums);
            }
        }

        return changed;
    }

    /// <summary>
    /// Closes a block whose T sums the full pass formed: with the cache, records which clusters it holds (and their
    /// counts); the block's sums are added to the partition's in double, as Lloyd adds them.
    /// </summary>
    private void EndBlock(int block, int first, int last, int[] labels, ReadOnlySpan<T> blockSums, Span<double> sums)
    {
        if (_cacheBlocks)
        {
            Span<ulong> present = _blockPresent.AsSpan(block * _words, _words);
            present.Clear();
            Span<int> counts = _weights.IsEmpty ? _blockCounts.AsSpan(block * _k, _k) : default;
            counts.Clear();
            for (int i = first; i < last; i++)
            {
                ClusterMask.Add(present, labels[i]);
                if (_weights.IsEmpty)
                {
                    counts[labels[i]]++;
                }
            }
        }

        VectorMath.AddWidened<T>(blockSums, sums);
    }

    /// <summary>
    /// Merges the slots of the clusters some partition changed into the update step's sums; all of them when the last
    /// update relocated an empty cluster (which edited the merged sums in place).
    /// </summary>
    private void MergeDirty()
    {
        if (_update.RelocatedClusters > 0)
        {
            _update.SlotsChanged();
            return;
        }

        Array.Clear(_dirty);
        for (int p = 0; p < _plan.Count; p++)
        {
            ReadOnlySpan<ulong> mask = _slotDirty[p];
            for (int word = 0; word < _words; word++)
            {
                _dirty[word] |= mask[word];
            }
        }

        _update.SlotsChanged(_dirty);
    }

    /// <summary>
    /// Lloyd's sums of the clusters in <paramref name="dirty"/> for one partition, from the blocks' cached T sums:
    /// a block re-sums from the data only the clusters a row of it left or joined (all with <paramref name="all"/>).
    /// A cluster's partition sum is its blocks' sums added in block order, as Lloyd adds them; a block where the cluster
    /// has no row is skipped, since adding its +0 changes nothing (no partial sum is ever −0), so the result has Lloyd's
    /// bits. With unit weights a cluster's weight is a count, exact in double in any order, so the blocks' counts are
    /// added instead of ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CachedPartitionSums(int start, int end, int firstBlock, int endBlock, int[] labels, BoundsScratch<T> scratch, ReadOnlySpan<ulong> dirty, Span<double> sums, Span<double> weights, bool all)
    {
        int kd = _k * _d;
        int words = _words;
        ReadOnlySpan<T> w = _weights.Span;
        ClusterMask.Clear(dirty, sums, _d);
        ClusterMask.Clear(dirty, weights, 1);
        for (int block = firstBlock; block < endBlock; block++)
        {
            Span<T> blockSums = _blockSums.AsSpan(block * kd, kd);
            Span<ulong> present = _blockPresent.AsSpan(block * words, words);
            Span<int> counts = w.IsEmpty ? _blockCounts.AsSpan(block * _k, _k) : default;
            ReadOnlySpan<ulong> moved = all ? _all : _changed.AsSpan(block * words, words);
            if (moved.ContainsAnyExcept(0UL))
            {
                int first = block * RowPartition.ChunkSize;
                int last = Math.Min(end, first + RowPartition.ChunkSize);
                _rows.BlockSums(first, last, labels, w, moved, scratch.Row, blockSums);
                for (int word = 0; word < words; word++)
                {
                    present[word] &= ~moved[word];
                }

                if (w.IsEmpty)
                {
                    ClusterMask.Clear(moved, counts, 1);
                }

                for (int i = first; i < last; i++)
                {
                    int label = labels[i];
                    if (ClusterMask.Contains(moved, label))
                    {
                        ClusterMask.Add(present, label);
                        if (w.IsEmpty)
                        {
                            counts[label]++;
                        }
                    }
                }
            }

            for (int word = 0; word < words; word++)
            {
                ulong bits = present[word] & dirty[word];
                while (bits != 0)
                {
                    int j = (word * 64) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    VectorMath.AddWidened<T>(blockSums.Slice(j * _d, _d), sums.Slice(j * _d, _d));

                    if (w.IsEmpty)
                    {
                        weights[j] += counts[j];
                    }
                }
            }
        }

        if (!w.IsEmpty)
        {
            for (int i = start; i < end; i++)
            {
                int label = labels[i];
                if (ClusterMask.Contains(dirty, label))
                {
                    weights[label] += double.CreateTruncating(w[i]);
                }
            }
        }
    }

    /// <summary>
    /// The sums of one partition when they are exact in any order: the rows of each block where a label changed (every
    /// row with <paramref name="all"/>, from empty sums) are moved from the cluster whose sums held them to their label's,
    /// and those clusters are marked in <paramref name="dirty"/> (all of them with <paramref name="all"/>).
    /// </summary>
    private void MoveChangedRows(int start, int end, int firstBlock, int endBlock, int[] labels, BoundsScratch<T> scratch, Span<ulong> dirty, Span<double> sums, Span<double> weights, bool all)
    {
        if (all)
        {
            sums.Clear();
            weights.Clear();
            _summed.AsSpan(start, end - start).Fill(-1);
            _all.CopyTo(dirty);
        }

        for (int block = firstBlock; block < endBlock; block++)
        {
            if (all || _changed.AsSpan(block * _words, _words).ContainsAnyExcept(0UL))
            {
                int first = Math.Max(start, block * RowPartition.ChunkSize);
                int last = Math.Min(end, first + RowPartition.ChunkSize);
                for (int i = first; i < last; i++)
                {
                    int label = labels[i];
                    int previous = _summed[i];
                    if (label != previous)
                    {
                        _rows.MoveRow(i, previous, label, scratch.Row, sums, weights);
                        ClusterMask.AddMove(dirty, previous, label);
                        _summed[i] = label;
                    }
                }
            }
        }
    }

    private readonly struct AssignWork : IPartitionWork
    {
        private readonly BoundedSolver<T, TRows> _solver;
        private readonly CenterSet<T> _centers;
        private readonly int[] _labels;
        private readonly bool _first;
        private readonly bool _update;

        public AssignWork(BoundedSolver<T, TRows> solver, CenterSet<T> centers, int[] labels, bool full, bool update)
        {
            _solver = solver;
            _centers = centers;
            _labels = labels;
            _first = full;
            _update = update;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            BoundedSolver<T, TRows> s = _solver;
            BoundsScratch<T> scratch = s._scratch[worker];
            int words = s._words;
            int firstBlock = start / RowPartition.ChunkSize;
            int endBlock = (end + RowPartition.ChunkSize - 1) / RowPartition.ChunkSize;
            s._changed.AsSpan(firstBlock * words, (endBlock - firstBlock) * words).Clear();
            Span<ulong> dirty = s._slotDirty[partition];
            dirty.Clear();
            Span<double> sums = s._update.SlotSums[partition];
            Span<double> weights = s._update.SlotWeights[partition];
            int changed;
            if (_first)
            {
                bool fuse = _update && s._rows.SumsByBlock;
                changed = s.AssignFull(start, end, _centers, _labels, scratch, fuse, sums, weights, out double rowNorm);
                s._slotRowNorm[partition] = rowNorm;
                if (fuse)
                {
                    s._slotChanged[partition] = changed;
                    s._all.CopyTo(dirty);
                    s._slotValid[partition] = true;
                    return;
                }
            }
            else
            {
                changed = s._algorithm.Assign(start, end, _centers, _labels, scratch, s._changed);
            }

            s._slotChanged[partition] = changed;
            if (!_update)
            {
                // The labels moved without the sums: the slot no longer matches them.
                s._slotValid[partition] &= changed == 0;
                return;
            }

            // A full pass does not record which clusters it changed: all of them are summed again.
            bool all = _first || !s._slotValid[partition];
            if (s._summed.Length > 0)
            {
                s.MoveChangedRows(start, end, firstBlock, endBlock, _labels, scratch, dirty, sums, weights, all);
                s._slotValid[partition] = true;
                return;
            }

            if (all)
            {
                s._all.CopyTo(dirty);
            }
            else
            {
                for (int block = firstBlock; block < endBlock; block++)
                {
                    ReadOnlySpan<ulong> mask = s._changed.AsSpan(block * words, words);
                    for (int word = 0; word < words; word++)
                    {
                        dirty[word] |= mask[word];
                    }
                }

                if (!dirty.ContainsAnyExcept(0UL))
                {
                    return;
                }
            }

            if (s._cacheBlocks)
            {
                s.CachedPartitionSums(start, end, firstBlock, endBlock, _labels, scratch, dirty, sums, weights, all);
            }
            else
            {
                s._rows.PartitionSums(start, end, _labels, s._weights.Span, dirty, scratch.Sums, sums, weights);
            }

            s._slotValid[partition] = true;
        }
    }
}
