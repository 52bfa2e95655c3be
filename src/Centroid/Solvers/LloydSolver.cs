using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// scikit-learn's Lloyd iteration (<c>_kmeans_single_lloyd</c>), step for step: assign and sum in one pass,
/// relocate empty clusters, average, measure the center shift, then stop on unchanged labels (strict
/// convergence) or on a total squared shift within the tolerance; a final assignment when not strict; the
/// inertia in the exact difference form.
/// </summary>
/// <remarks>
/// The update step (relocation, averaging, center shift, inertia) is <see cref="CenterUpdate{T, TRows}"/>, shared with
/// the bounds algorithms so that the same labels give the same centers. Partial sums live in one slot per partition of the row plan (<see cref="RowPartition"/>) and are merged in
/// partition order, so results are bit-identical whatever the thread count. Per-cluster sums and weights are
/// accumulated in double for float and double data alike: k × d doubles per slot is small, and it keeps float32
/// means accurate over millions of rows (scikit-learn sums in the data's type).
/// <para>A slot is its partition's rows added in row order, cluster by cluster, so after the first pass only the clusters
/// that a row of the partition left or joined need summing again — from their rows, with the same arithmetic in the same
/// order (<see cref="IRowSource{T}.PartitionSums"/>), so the same bits — and only the clusters some slot changed need
/// merging again. Late iterations, where few labels move, then cost the assignment alone. A partition where the last pass
/// moved every cluster sums while assigning, as the first pass does (summing again afterwards would read its rows twice).</para>
/// <para>When the sums are exact whatever the order of their terms (<see cref="IRowSource{T}.GetSumForm"/>: CSR values
/// of a bounded range, such as normalised tf-idf in float32; unweighted dense rows whose columns span few enough bits,
/// kept as high and low parts, <see cref="ExactSplit{T}"/>), a pass after the first only moves the rows that change
/// cluster: subtracted from the old cluster's sums, added to the new one's, the same bits as summing every row.</para>
/// </remarks>
internal sealed class LloydSolver<T, TRows> : IKMeansSolver<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IRowSource<T>
{
    private readonly TRows _rows;
    private readonly ReadOnlyMemory<T> _weights;
    private readonly int _k;
    private readonly int _d;
    private readonly PartitionRunner _runner;
    private readonly RowPartition _plan;
    private readonly AssignTotals[] _slotTotals;
    private readonly T[][] _scratch;
    private readonly CenterUpdate<T, TRows> _update;

    /// <summary>Per thread, scratch for summing chosen clusters again (allocated by the first pass that sums: a model's predict never sums).</summary>
    private readonly T[][] _sumScratch;
    private readonly int _words;
    private readonly ulong[] _all;

    /// <summary>Whether a pass has summed yet (the sum scratch and the update's slots are made then).</summary>
    private bool _summing;

    /// <summary>Per partition: the clusters its last pass moved a row out of or into (<see cref="ClusterMask"/>).</summary>
    private readonly PartitionSlots<ulong> _slotMoved;

    /// <summary>Per partition: whether its slot holds the sums of the current labels.</summary>
    private readonly bool[] _slotValid;

    /// <summary>Per partition: whether the last pass summed all of its clusters (while assigning).</summary>
    private readonly bool[] _slotSummedAll;

    /// <summary>Per partition: whether the last pass moved rows of every cluster (the next one then sums while assigning).</summary>
    private readonly bool[] _slotMovedAll;
    private readonly ulong[] _merge;

    /// <summary>Prepares the buffers for clustering <paramref name="rows"/> into <paramref name="clusters"/> clusters.</summary>
    public LloydSolver(TRows rows, ReadOnlyMemory<T> weights, int clusters, PartitionRunner runner)
    {
        _rows = rows;
        _weights = weights;
        _k = clusters;
        _d = rows.Columns;
        _runner = runner;
        _update = new CenterUpdate<T, TRows>(rows, weights, clusters, runner);
        _plan = _update.Plan;

        _slotTotals = new AssignTotals[_plan.Count];
        _scratch = new T[runner.Threads][];
        for (int t = 0; t < _scratch.Length; t++)
        {
            _scratch[t] = new T[Math.Max(1, rows.ScratchLength(_k))];
        }

        _sumScratch = new T[runner.Threads][];

        _words = ClusterMask.Words(_k);
        _all = ClusterMask.All(_k);
        _slotMoved = new PartitionSlots<ulong>(_plan.Count, _words);
        _slotValid = new bool[_plan.Count];
        _slotSummedAll = new bool[_plan.Count];
        _slotMovedAll = new bool[_plan.Count];
        _merge = new ulong[_words];
    }

    /// <summary>
    /// Whether a pass sums again only what moved (the clusters that moved, or just the rows that moved when the sums are
    /// exact in any order; the default); false sums every row while assigning, every pass (tests compare the two).
    /// </summary>
    internal bool SumMovedOnly { get; set; } = true;

    /// <summary>How many partition passes so far summed only their moved clusters (tests check the path runs).</summary>
    internal int PartitionsSummedMovedOnly => _partitionsSummedMovedOnly;

    private int _partitionsSummedMovedOnly;

    /// <summary>How many partition passes so far moved single rows between the sums (tests check the path runs).</summary>
    internal int PartitionsMovedRows => _partitionsMovedRows;

    private int _partitionsMovedRows;

    /// <summary>Whether the rows' sums are exact in any order (<see cref="IRowSource{T}.GetSumForm"/>), found with the slots.</summary>
    private bool _sumsExact;

    /// <inheritdoc/>
    public KMeansAlgorithm Algorithm => KMeansAlgorithm.Lloyd;

    /// <summary>Reports each iteration: its index and the inertia of the centers it assigned with.</summary>
    public Action<int, double>? IterationCallback { get; set; }

    /// <summary>Writes scikit-learn's verbose lines when set.</summary>
    public TextWriter? Log { get; set; }

    /// <summary>
    /// Runs Lloyd from <paramref name="centers"/> (overwritten with the result); <paramref name="labels"/> receives the labels.
    /// </summary>
    public LloydResult Run(CenterSet<T> centers, int[] labels, int maxIterations, double tolerance, CancellationToken cancellationToken)
    {
        labels.AsSpan().Fill(-1);
        Array.Clear(_slotValid);
        var next = new CenterSet<T>(_k, _d);
        CenterSet<T> current = centers;
        bool strict = false;
        int iteration = 0;

        // After this, each update leaves the next centers' norms and transposition current.
        current.UpdateNorms();
        for (; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The pass totals its scores only for someone who reads the iteration's inertia.
            bool reporting = IterationCallback is not null || Log is not null;
            AssignTotals totals = Assign(current, labels, update: true, sumScores: reporting);
            if (reporting)
            {
                double reported = totals.Score + _update.WeightedSquaredNorms();
                IterationCallback?.Invoke(iteration, reported);
                Log?.WriteLine($"Iteration {iteration}, inertia {reported}.");
            }

            T shift = _update.Update(current, next, labels);
            (current, next) = (next, current);

            if (totals.Changed == 0)
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
            Assign(current, labels, update: false, sumScores: false);
        }

        if (!ReferenceEquals(current, centers))
        {
            current.Values.CopyTo(centers.Values, 0);
        }

        centers.UpdateNorms();
        double inertia = Inertia(centers, labels);
        return new LloydResult(inertia, Math.Min(iteration + 1, maxIterations), strict);
    }

    /// <summary>
    /// One assignment pass; with <paramref name="update"/>, also the merged sums and weights; with
    /// <paramref name="sumScores"/>, the chosen centers' scores totalled (<see cref="AssignTotals.Score"/>).
    /// </summary>
    internal AssignTotals Assign(CenterSet<T> centers, Memory<int> labels, bool update, bool sumScores = true)
    {
        if (update && !_summing)
        {
            _summing = true;
            _update.PrepareSlots();
            _sumsExact = _update.Form != SumForm.Ordered;
            for (int t = 0; t < _sumScratch.Length; t++)
            {
                _sumScratch[t] = new T[_rows.SumScratchLength(_k)];
            }
        }

        var work = new AssignWork(this, centers, labels, update, sumScores);
        _runner.Run(_plan, work);
        AssignTotals totals = default;
        for (int p = 0; p < _plan.Count; p++)
        {
            totals.Score += _slotTotals[p].Score;
            totals.Changed += _slotTotals[p].Changed;
        }

        if (update)
        {
            Merge();
        }

        return totals;
    }

    /// <summary>
    /// Tells the update step whose slots changed: every cluster's after a pass that summed every cluster somewhere, or
    /// after the last update relocated an empty cluster (relocation edits the merged sums); else the clusters that moved.
    /// </summary>
    private void Merge()
    {
        Array.Clear(_merge);
        bool all = _update.RelocatedClusters > 0;
        for (int p = 0; p < _plan.Count && !all; p++)
        {
            all = _slotSummedAll[p];
            ReadOnlySpan<ulong> moved = _slotMoved[p];
            for (int word = 0; word < _words; word++)
            {
                _merge[word] |= moved[word];
            }
        }

        _update.SlotsChanged(all ? _all : _merge);
    }

    /// <summary>Σ w·‖x − c_label‖², exact difference form, partials per partition merged in order.</summary>
    internal double Inertia(CenterSet<T> centers, Memory<int> labels) => _update.Inertia(centers, labels);

    private readonly struct AssignWork : IPartitionWork
    {
        private readonly LloydSolver<T, TRows> _solver;
        private readonly CenterSet<T> _centers;
        private readonly Memory<int> _labels;
        private readonly bool _update;
        private readonly bool _sumScores;

        public AssignWork(LloydSolver<T, TRows> solver, CenterSet<T> centers, Memory<int> labels, bool update, bool sumScores)
        {
            _solver = solver;
            _centers = centers;
            _labels = labels;
            _update = update;
            _sumScores = sumScores;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            LloydSolver<T, TRows> s = _solver;
            ReadOnlySpan<T> rowWeights = s._weights.Span;
            if (!_update)
            {
                AssignTotals assigned = s._rows.Assign(start, end, _centers, rowWeights, _labels.Span, s._scratch[worker], default, default, default, _sumScores);
                s._slotTotals[partition] = assigned;

                // The labels moved without the sums: the slot no longer matches them.
                s._slotValid[partition] &= assigned.Changed == 0;
                return;
            }

            Span<double> sums = s._update.SlotSums[partition];
            Span<double> weights = s._update.SlotWeights[partition];
            Span<ulong> moved = s._slotMoved[partition];
            moved.Clear();

            // Moving a row costs two additions of it, summing every row one each: worth it while at most half the rows
            // move (the partition's last pass is the guide; the bits are the same either way).
            bool moveRows = s._sumsExact && s._slotTotals[partition].Changed * 2 <= end - start;
            bool sumAll = !s.SumMovedOnly || !s._slotValid[partition] || (s._slotMovedAll[partition] && !moveRows);
            if (!sumAll && moveRows)
            {
                s._slotTotals[partition] = s._rows.AssignMovingRows(start, end, _centers, _labels.Span, s._scratch[worker], sums, weights, moved, _sumScores);
                Interlocked.Increment(ref s._partitionsMovedRows);
            }
            else if (sumAll)
            {
                sums.Clear();
                weights.Clear();
                s._slotTotals[partition] = s._rows.Assign(start, end, _centers, rowWeights, _labels.Span, s._scratch[worker], sums, weights, moved, _sumScores);
            }
            else
            {
                s._slotTotals[partition] = s._rows.Assign(start, end, _centers, rowWeights, _labels.Span, s._scratch[worker], default, default, moved, _sumScores);
                Interlocked.Increment(ref s._partitionsSummedMovedOnly);
                if (moved.ContainsAnyExcept(0UL))
                {
                    s._rows.PartitionSums(start, end, _labels.Span, rowWeights, moved, s._sumScratch[worker], sums, weights);
                }
            }

            s._slotValid[partition] = true;
            s._slotSummedAll[partition] = sumAll;
            s._slotMovedAll[partition] = moved.SequenceEqual(s._all);
        }
    }
}
