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
/// Solvers fill one slot of sums (k × d doubles) and weights (k doubles) per partition of <see cref="Plan"/>, the plan
/// Lloyd uses; <see cref="Merge(double[], double[])"/> adds them in partition order. The plan depends only on n, k and d, never on the
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

    /// <summary>Prepares the update step for clustering <paramref name="rows"/> into <paramref name="clusters"/> clusters.</summary>
    public CenterUpdate(TRows rows, ReadOnlyMemory<T> weights, int clusters, PartitionRunner runner)
    {
        _rows = rows;
        _weights = weights;
        _k = clusters;
        _d = rows.Columns;
        _runner = runner;
        Plan = new RowPartition(rows.Rows, ((long)_k * _d + _k) * sizeof(double));
        _slotInertia = new double[Plan.Count];
        Sums = new double[_k * _d];
        ClusterWeights = new double[_k];
        _shifts = new T[_k];
        _relocation = new EmptyClusterRelocation<T, TRows>(rows, weights, Plan, runner);
    }

    /// <summary>The row plan whose partitions hold the partial sums.</summary>
    public RowPartition Plan { get; }

    /// <summary>The merged per-cluster weighted sums (k × d), in double.</summary>
    public double[] Sums { get; }

    /// <summary>The merged per-cluster weights (k), in double.</summary>
    public double[] ClusterWeights { get; }

    /// <summary>
    /// How many empty clusters the last <see cref="Update"/> relocated. Relocation edits <see cref="Sums"/> and
    /// <see cref="ClusterWeights"/> in place, so a solver that merges only the clusters that moved merges all of them next.
    /// </summary>
    public int RelocatedClusters { get; private set; }

    /// <summary>Sets <see cref="Sums"/> and <see cref="ClusterWeights"/> to the partitions' slots added in partition order.</summary>
    /// <remarks>
    /// Each element is the same chain of additions whoever computes it, so the elements are split into ranges merged
    /// side by side (when there are enough of them to pay for waking threads), each range in pieces that stay in L1
    /// while every slot's piece is added to it, with vectors.
    /// </remarks>
    public void Merge(double[] slotSums, double[] slotWeights)
    {
        int kd = _k * _d;
        var work = new MergeWork(slotSums, Sums, kd, Plan.Count);
        if ((long)kd * Plan.Count < ParallelMergeElements || _runner.Threads == 1)
        {
            work.Run(0, 0, kd, 0);
        }
        else
        {
            _runner.Run(new RowPartition(kd, slotBytes: 1), work);
        }

        new MergeWork(slotWeights, ClusterWeights, _k, Plan.Count).Run(0, 0, _k, 0);
    }

    /// <summary>Below this many slot elements to add, one thread merges.</summary>
    private const long ParallelMergeElements = 1 << 18;

    /// <summary>Adds elements [start, end) of every slot, in slot order, into the merged array.</summary>
    private readonly struct MergeWork(double[] slots, double[] merged, int length, int count) : IPartitionWork
    {
        // 1024 doubles: the merged piece stays in L1 while each slot's piece streams past it.
        private const int Piece = 1024;

        public void Run(int partition, int start, int end, int worker)
        {
            for (int from = start; from < end; from += Piece)
            {
                int size = Math.Min(Piece, end - from);
                Span<double> target = merged.AsSpan(from, size);

                // Slots never hold −0 (they start at +0, and +0 + −0 = +0), so copying the first equals adding it to +0.
                slots.AsSpan(from, size).CopyTo(target);
                for (int p = 1; p < count; p++)
                {
                    VectorMath.AddScaled<double>(slots.AsSpan((p * length) + from, size), 1.0, target);  // x·1 + s is x + s exactly
                }
            }
        }
    }

    /// <summary>
    /// Recomputes the clusters of <paramref name="clusters"/> (a bit mask) in <see cref="Sums"/> and
    /// <see cref="ClusterWeights"/> from the slots, added in partition order: exactly what <see cref="Merge(double[], double[])"/>
    /// gives them, the other clusters left as they are (when their slots have not changed, that is their value).
    /// </summary>
    public void Merge(double[] slotSums, double[] slotWeights, ReadOnlySpan<ulong> clusters)
    {
        int kd = _k * _d;
        ClusterMask.Clear(clusters, Sums, _d);
        ClusterMask.Clear(clusters, ClusterWeights, 1);
        for (int p = 0; p < Plan.Count; p++)
        {
            foreach (int j in new ClusterMask(clusters))
            {
                // x·1 + s is x + s exactly.
                VectorMath.AddScaled<double>(slotSums.AsSpan((p * kd) + (j * _d), _d), 1.0, Sums.AsSpan(j * _d, _d));

                ClusterWeights[j] += slotWeights[(p * _k) + j];
            }
        }
    }

    /// <summary>
    /// The M-step after an assignment with <paramref name="current"/>: relocates empty clusters, writes the new centers
    /// to <paramref name="next"/> and returns the total squared shift Σ_j ‖next_j − current_j‖² (as scikit-learn computes it).
    /// </summary>
    public T Update(CenterSet<T> current, CenterSet<T> next, int[] labels)
    {
        RelocatedClusters = _relocation.Relocate(current, labels, Sums, ClusterWeights);
        Average(next);
        return CenterShift(current, next);
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
    /// Means from the sums. A cluster still empty after relocation takes the row of the heaviest cluster as it stands
    /// at that moment in the loop (scikit-learn ≥ 1.4's <c>_average_centers</c>: already divided if that cluster comes
    /// earlier, still a sum if later).
    /// </summary>
    private void Average(CenterSet<T> next)
    {
        double[] weights = ClusterWeights;
        int heaviest = 0;
        for (int j = 1; j < _k; j++)
        {
            if (weights[j] > weights[heaviest])
            {
                heaviest = j;
            }
        }

        for (int j = 0; j < _k; j++)
        {
            Span<T> row = next.Row(j);
            ReadOnlySpan<double> sum = Sums.AsSpan(j * _d, _d);
            if (weights[j] > 0)
            {
                VectorMath.ScaleInto(sum, 1.0 / weights[j], row);
            }
            else if (heaviest < j)
            {
                next.Row(heaviest).CopyTo(row);
            }
            else
            {
                ReadOnlySpan<double> heavySum = Sums.AsSpan(heaviest * _d, _d);
                for (int f = 0; f < _d; f++)
                {
                    row[f] = T.CreateTruncating(heavySum[f]);
                }
            }
        }
    }

    /// <summary>Σ_j ‖new_j − old_j‖², each shift rooted and squared in T and summed as NumPy sums, as scikit-learn does.</summary>
    private T CenterShift(CenterSet<T> old, CenterSet<T> next)
    {
        for (int j = 0; j < _k; j++)
        {
            T s = T.Sqrt(VectorMath.SquaredDistance<T>(next.Row(j), old.Row(j)));
            _shifts[j] = s * s;
        }

        return NumpySum.Sum<T>(_shifts);
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
