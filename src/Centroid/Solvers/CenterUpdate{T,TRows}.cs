using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// The update step every solver shares, so that the same labels give the same centers bit for bit whichever algorithm
/// assigned them: the partitions' sums merged in partition order, scikit-learn's empty-cluster relocation, the
/// averaging (<c>_average_centers</c>), the center shift, and the inertia in the exact difference form.
/// </summary>
/// <remarks>
/// Solvers fill one slot of sums (k × d doubles, or 2 × k × d for exact split sums: <see cref="Form"/>) and weights (k
/// doubles) per partition of <see cref="Plan"/>, the plan
/// Lloyd uses; <see cref="Update"/> adds them in partition order. The plan depends only on n, k and d, never on the
/// thread count.
/// </remarks>
internal sealed class CenterUpdate<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IRowSource<T>
{
    private readonly TRows _rows;
    private readonly ReadOnlyMemory<T> _weights;
    private readonly int _k;
    private readonly int _d;
    private readonly PartitionRunner _runner;
    private readonly double[] _slotInertia;
    private readonly T[] _shifts;
    private readonly EmptyClusterRelocation<T, TRows> _relocation;
    private double _weightedSquaredNorms = double.NaN;
    private readonly ulong[] _allClusters;

    /// <summary>The clusters the next <see cref="Update"/> merges from <see cref="SlotSums"/> and <see cref="SlotWeights"/>.</summary>
    private readonly ulong[] _pending;
    private PartitionSlots<double>? _slotSums;
    private PartitionSlots<double>? _slotWeights;

    /// <summary>
    /// Each partition's per-cluster sums (k × d, cluster-major; in the form <see cref="Form"/>, so 2 × k × d for
    /// <see cref="SumForm.ExactSplit"/>), written by the solver's passes and merged here in partition order (after
    /// <see cref="PrepareSlots"/>).
    /// </summary>
    public PartitionSlots<double> SlotSums => _slotSums ?? throw new InvalidOperationException("The slots are made by PrepareSlots.");

    /// <summary>Each partition's per-cluster weights (k), as <see cref="SlotSums"/>.</summary>
    public PartitionSlots<double> SlotWeights => _slotWeights ?? throw new InvalidOperationException("The slots are made by PrepareSlots.");

    /// <summary>
    /// Makes <see cref="SlotSums"/> and <see cref="SlotWeights"/> (once), in the rows' form of sums (<see cref="Form"/>).
    /// Solvers call it before their first pass that sums, on the calling thread, so that the pass's workers find them
    /// made; a model's predict never sums, and never pays for them.
    /// </summary>
    public void PrepareSlots()
    {
        if (_slotSums is not null)
        {
            return;
        }

        Form = _rows.GetSumForm(_weights.Span);
        int parts = Form == SumForm.ExactSplit ? 2 : 1;
        _sums = new double[parts * _k * _d];
        _slotSums = new PartitionSlots<double>(Plan.Count, parts * _k * _d);
        _slotWeights = new PartitionSlots<double>(Plan.Count, _k);
    }

    /// <summary>How the slots hold the sums (<see cref="IRowSource{T}.GetSumForm"/>), known after <see cref="PrepareSlots"/>.</summary>
    public SumForm Form { get; private set; }

    /// <summary>Prepares the update step for clustering <paramref name="rows"/> into <paramref name="clusters"/> clusters.</summary>
    public CenterUpdate(TRows rows, ReadOnlyMemory<T> weights, int clusters, PartitionRunner runner)
    {
        _rows = rows;
        _weights = weights;
        _k = clusters;
        _d = rows.Columns;
        _runner = runner;
        // The slots' size in the rows' form of sums, so that they keep to the plan's budget (RowPartition.SlotBudgetBytes).
        Plan = new RowPartition(rows.Rows, (((long)rows.SumParts * _k * _d) + _k) * sizeof(double));
        _slotInertia = new double[Plan.Count];
        _clusterWeights = new double[_k];
        _shifts = new T[_k];
        _allClusters = ClusterMask.All(_k);
        _pending = new ulong[_allClusters.Length];
        _relocation = new EmptyClusterRelocation<T, TRows>(rows, weights, Plan, runner);
    }

    /// <summary>The row plan whose partitions hold the partial sums.</summary>
    public RowPartition Plan { get; }

    /// <summary>
    /// The merged per-cluster weighted sums (k × d), in double: only merged when some cluster has no weight (see
    /// <see cref="Update"/>). With <see cref="SumForm.ExactSplit"/> the low parts are merged after them, then added in.
    /// </summary>
    private double[] _sums = [];

    /// <summary>The merged per-cluster weights (k), in double.</summary>
    private readonly double[] _clusterWeights;

    /// <summary>
    /// How many empty clusters the last <see cref="Update"/> relocated. Relocation edits the merged sums and weights in
    /// place, so a solver that merges only the clusters that moved merges all of them next.
    /// </summary>
    public int RelocatedClusters { get; private set; }

    /// <summary>
    /// Tells the next <see cref="Update"/> that every cluster's partition sums changed: it takes them from
    /// <see cref="SlotSums"/> and <see cref="SlotWeights"/>, which must not change before it.
    /// </summary>
    public void SlotsChanged() => SlotsChanged(_allClusters);

    /// <summary>
    /// As <see cref="SlotsChanged()"/> for the clusters of <paramref name="clusters"/> (a bit mask): the others' slots are
    /// as at the last update. Calls before one update add up.
    /// </summary>
    public void SlotsChanged(ReadOnlySpan<ulong> clusters)
    {
        for (int word = 0; word < _pending.Length; word++)
        {
            _pending[word] |= clusters[word];
        }
    }

    /// <summary>
    /// The M-step after an assignment with <paramref name="current"/>: merges the slots that changed
    /// (<see cref="SlotsChanged(ReadOnlySpan{ulong})"/>), relocates empty clusters, writes the new
    /// centers to <paramref name="next"/> with their norms and transposition (as <see cref="CenterSet{T}.UpdateNorms"/>),
    /// and returns the total squared shift Σ_j ‖next_j − current_j‖² (as scikit-learn computes it).
    /// </summary>
    /// <remarks>
    /// <para>When every cluster has weight there is nothing to relocate and each center is its own sums over its weight,
    /// so the clusters are independent: spread over the threads (when the slots hold enough elements to pay for waking
    /// them), each cluster's slots are added piece by piece and divided straight into its new center, never stored as
    /// merged sums (tf-idf, k·d = 500000: 12 MB less memory traffic an iteration than merging, then averaging). A
    /// cluster whose slots did not change keeps its sums, so its new center is its current one, bit for bit: copied,
    /// with its norm and a zero shift.</para>
    /// <para>Otherwise every cluster's sums are merged first, as relocation edits them (and takes the farthest rows from
    /// their clusters), then averaged. Either way each element and each cluster's shift and norm is the same chain of
    /// operations, so the same bits on any number of threads.</para>
    /// </remarks>
    public T Update(CenterSet<T> current, CenterSet<T> next, int[] labels)
    {
        foreach (int j in new ClusterMask(_pending))
        {
            AddSlots(SlotWeights, j, _clusterWeights.AsSpan(j, 1));
        }

        bool independent = AllPositive(_clusterWeights);

        // The slots' elements to add (the merge's work) decide, and each parallel piece of work takes at least a piece of
        // elements (clusters of small d grouped), so that waking the threads and handing out work pay for themselves.
        bool parallel = _runner.Threads > 1 && (long)_k * _d * Plan.Count >= ParallelMergeElements;
        RowPartition byCluster = RowPartition.OfItems(_k, Math.Max(1, Piece / _d));
        if (independent)
        {
            RelocatedClusters = 0;
            RunOver(byCluster, new ClusterWork(this, current, next, fromSlots: true, heaviest: -1), parallel);
        }
        else
        {
            int kd = _k * _d;
            RunOver(new RowPartition(_sums.Length, slotBytes: 1), new MergeWork(SlotSums, _sums), parallel);
            if (Form == SumForm.ExactSplit)
            {
                ExactSplit<T>.Combine(_sums.AsSpan(0, kd), _sums.AsSpan(kd, kd));
            }

            AddSlots(SlotWeights, 0, _clusterWeights);
            RelocatedClusters = _relocation.Relocate(current, labels, _sums, _clusterWeights);
            RunOver(byCluster, new ClusterWork(this, current, next, fromSlots: false, Heaviest()), parallel);
        }

        RunOver(RowPartition.OfItems(_d, TransposeChunk), new TransposeWork(next), parallel);
        Array.Clear(_pending);
        return NumpySum.Sum<T>(_shifts);
    }

    /// <summary>Whether every weight is above zero (not zero, negative or NaN).</summary>
    private static bool AllPositive(ReadOnlySpan<double> weights)
    {
        foreach (double weight in weights)
        {
            if (!(weight > 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first cluster of the greatest weight.</summary>
    private int Heaviest()
    {
        int heaviest = 0;
        for (int j = 1; j < _k; j++)
        {
            if (_clusterWeights[j] > _clusterWeights[heaviest])
            {
                heaviest = j;
            }
        }

        return heaviest;
    }

    /// <summary>Below this many slot elements to add, one thread merges.</summary>
    private const long ParallelMergeElements = 1 << 18;

    /// <summary>Features per chunk of the parallel transposition.</summary>
    private const int TransposeChunk = 256;

    private void RunOver<TWork>(RowPartition plan, TWork work, bool parallel) where TWork : IPartitionWork
    {
        if (parallel)
        {
            _runner.Run(plan, work);
            return;
        }

        for (int p = 0; p < plan.Count; p++)
        {
            (int start, int end) = plan.RowsOf(p);
            work.Run(p, start, end, 0);
        }
    }

    /// <summary>Elements of the slots added at a time, into a buffer on the stack that stays in L1.</summary>
    private const int Piece = 1024;

    /// <summary>
    /// Centers [<paramref name="first"/>, <paramref name="end"/>) as their slots' sums, added in partition order, over
    /// their weights: the clusters' elements are contiguous in the slots, so they are added a piece at a time across
    /// cluster boundaries (for small d, one call per piece instead of one per center).
    /// </summary>
    private void AverageFromSlots(int first, int end, CenterSet<T> next)
    {
        Span<double> piece = stackalloc double[Piece];
        Span<double> low = Form == SumForm.ExactSplit ? stackalloc double[Piece] : default;
        Span<T> rows = next.Values.AsSpan(first * _d, (end - first) * _d);
        int offset = first * _d;
        for (int from = 0; from < rows.Length; from += Piece)
        {
            int size = Math.Min(Piece, rows.Length - from);
            AddSlots(SlotSums, offset + from, piece[..size]);
            if (!low.IsEmpty)
            {
                AddSlots(SlotSums, (_k * _d) + offset + from, low[..size]);
                ExactSplit<T>.Combine(piece[..size], low[..size]);
            }

            for (int at = from; at < from + size;)
            {
                // The part of this piece in one cluster.
                int j = first + (at / _d);
                int stop = Math.Min(from + size, (at / _d + 1) * _d);
                VectorMath.ScaleInto<T>(piece.Slice(at - from, stop - at), 1.0 / _clusterWeights[j], rows.Slice(at, stop - at));
                at = stop;
            }
        }
    }

    /// <summary>Adds elements [start, end) of every slot, in slot order, into the merged array, a piece at a time.</summary>
    private readonly struct MergeWork(PartitionSlots<double> slots, double[] merged) : IPartitionWork
    {
        public void Run(int partition, int start, int end, int worker)
        {
            for (int from = start; from < end; from += Piece)
            {
                AddSlots(slots, from, merged.AsSpan(from, Math.Min(Piece, end - from)));
            }
        }
    }

    /// <summary>
    /// The <paramref name="target"/>.Length elements of every slot from <paramref name="from"/>, added in slot order, into
    /// <paramref name="target"/>: each element is the same chain of additions however the elements are split.
    /// </summary>
    private static void AddSlots(PartitionSlots<double> slots, int from, Span<double> target)
    {
        // Slots never hold −0 (they start at +0, and +0 + −0 = +0), so copying the first equals adding it to +0.
        slots[0].Slice(from, target.Length).CopyTo(target);
        for (int p = 1; p < slots.Count; p++)
        {
            VectorMath.AddScaled<double>(slots[p].Slice(from, target.Length), 1.0, target);  // x·1 + s is x + s exactly
        }
    }

    /// <summary>
    /// Update's per-cluster steps for a range of clusters: the new center (from the slots, or from the merged sums),
    /// its squared shift and its norm.
    /// </summary>
    private readonly struct ClusterWork(CenterUpdate<T, TRows> owner, CenterSet<T> current, CenterSet<T> next, bool fromSlots, int heaviest) : IPartitionWork
    {
        public void Run(int partition, int start, int end, int worker)
        {
            if (fromSlots)
            {
                // Runs of clusters whose slots changed are averaged together; the others keep their centers.
                for (int j = start; j < end;)
                {
                    int stop = j + 1;
                    bool changed = ClusterMask.Contains(owner._pending, j);
                    while (stop < end && ClusterMask.Contains(owner._pending, stop) == changed)
                    {
                        stop++;
                    }

                    if (changed)
                    {
                        owner.AverageFromSlots(j, stop, next);
                    }
                    else
                    {
                        current.Values.AsSpan(j * owner._d, (stop - j) * owner._d).CopyTo(next.Values.AsSpan(j * owner._d));
                    }

                    j = stop;
                }
            }

            for (int j = start; j < end; j++)
            {
                if (fromSlots && !ClusterMask.Contains(owner._pending, j))
                {
                    // The same sums as at the last update: the same center, norm and no shift.
                    owner._shifts[j] = T.Zero;
                    next.CopyNorm(j, current);
                    continue;
                }

                if (!fromSlots)
                {
                    owner.Average(j, next, heaviest);
                }

                T s = T.Sqrt(VectorMath.SquaredDistance<T>(next.Row(j), current.Row(j)));
                owner._shifts[j] = s * s;
                next.UpdateNorm(j);
            }
        }
    }

    /// <summary>Copies a range of features of the new centers into their transposed layout.</summary>
    private readonly struct TransposeWork(CenterSet<T> next) : IPartitionWork
    {
        public void Run(int partition, int start, int end, int worker) => next.Transpose(start, end);
    }

    /// <summary>Σ w·‖x − c_label‖², exact difference form, partials per partition merged in order.</summary>
    public double Inertia(CenterSet<T> centers, Memory<int> labels)
    {
        _runner.Run(Plan, new InertiaWork(this, centers, labels));
        double inertia = 0;
        for (int p = 0; p < Plan.Count; p++)
        {
            inertia += _slotInertia[p];
        }

        return inertia;
    }

    /// <summary>Σ w‖x‖² over the rows (working coordinates), computed on first use: with an assignment's scores, that assignment's inertia.</summary>
    public double WeightedSquaredNorms()
    {
        if (double.IsNaN(_weightedSquaredNorms))
        {
            var origin = new CenterSet<T>(_k, _d);
            origin.UpdateNorms();
            _weightedSquaredNorms = Inertia(origin, new int[_rows.Rows]);
        }

        return _weightedSquaredNorms;
    }

    /// <summary>
    /// Center <paramref name="j"/>'s mean from its sums. A cluster still empty after relocation takes the row of the
    /// heaviest cluster as scikit-learn ≥ 1.4's <c>_average_centers</c> leaves it at that point of its loop over the
    /// clusters: already divided if the heaviest comes earlier (and has weight), still its sum otherwise.
    /// </summary>
    private void Average(int j, CenterSet<T> next, int heaviest)
    {
        Span<T> row = next.Row(j);
        double weight = _clusterWeights[j];
        double heavyWeight = _clusterWeights[heaviest];
        if (weight > 0)
        {
            VectorMath.ScaleInto(_sums.AsSpan(j * _d, _d), 1.0 / weight, row);
        }
        else if (heaviest < j && heavyWeight > 0)
        {
            VectorMath.ScaleInto(_sums.AsSpan(heaviest * _d, _d), 1.0 / heavyWeight, row);
        }
        else
        {
            ReadOnlySpan<double> heavySum = _sums.AsSpan(heaviest * _d, _d);
            for (int f = 0; f < _d; f++)
            {
                row[f] = T.CreateTruncating(heavySum[f]);
            }
        }
    }

    private readonly struct InertiaWork : IPartitionWork
    {
        private readonly CenterUpdate<T, TRows> _owner;
        private readonly CenterSet<T> _centers;
        private readonly Memory<int> _labels;

        public InertiaWork(CenterUpdate<T, TRows> owner, CenterSet<T> centers, Memory<int> labels)
        {
            _owner = owner;
            _centers = centers;
            _labels = labels;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            CenterUpdate<T, TRows> s = _owner;
            ReadOnlySpan<T> w = s._weights.Span;
            ReadOnlySpan<int> labels = _labels.Span;
            double total = 0;
            for (int i = start; i < end; i++)
            {
                int j = labels[i];
                T distance = s._rows.SquaredDistance(i, _centers.Row(j), _centers.Norms[j]);
                total += double.CreateTruncating(w.IsEmpty ? distance : distance * w[i]);
            }

            s._slotInertia[partition] = total;
        }
    }
}
