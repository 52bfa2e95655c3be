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
/// Partial sums live in one slot per partition of the row plan (<see cref="RowPartition"/>) and are merged in
/// partition order, so results are bit-identical whatever the thread count. Per-cluster sums and weights are
/// accumulated in double for float and double data alike: k × d doubles per slot is small, and it keeps float32
/// means accurate over millions of rows (scikit-learn sums in the data's type).
/// </remarks>
internal sealed class LloydSolver<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IRowSource<T>
{
    private readonly TRows _rows;
    private readonly ReadOnlyMemory<T> _weights;
    private readonly int _k;
    private readonly int _d;
    private readonly PartitionRunner _runner;
    private readonly RowPartition _plan;
    private double[] _slotSums = [];
    private double[] _slotWeights = [];
    private readonly AssignTotals[] _slotTotals;
    private readonly double[] _slotInertia;
    private readonly T[][] _scratch;
    private readonly double[] _sums;
    private readonly double[] _clusterWeights;
    private readonly T[] _shifts;
    private readonly EmptyClusterRelocation<T, TRows> _relocation;
    private double _weightedSquaredNorms = double.NaN;

    /// <summary>Prepares the buffers for clustering <paramref name="rows"/> into <paramref name="clusters"/> clusters.</summary>
    public LloydSolver(TRows rows, ReadOnlyMemory<T> weights, int clusters, PartitionRunner runner)
    {
        _rows = rows;
        _weights = weights;
        _k = clusters;
        _d = rows.Columns;
        _runner = runner;
        _plan = new RowPartition(rows.Rows, ((long)_k * _d + _k) * sizeof(double));

        _slotTotals = new AssignTotals[_plan.Count];
        _slotInertia = new double[_plan.Count];
        _scratch = new T[runner.Threads][];
        for (int t = 0; t < _scratch.Length; t++)
        {
            _scratch[t] = new T[Math.Max(1, rows.ScratchLength(_k))];
        }

        _sums = new double[_k * _d];
        _clusterWeights = new double[_k];
        _shifts = new T[_k];
        _relocation = new EmptyClusterRelocation<T, TRows>(rows, weights, _plan, runner);
    }

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
        var next = new CenterSet<T>(_k, _d);
        CenterSet<T> current = centers;
        bool strict = false;
        int iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            current.UpdateNorms();
            AssignTotals totals = Assign(current, labels, update: true);
            if (IterationCallback is not null || Log is not null)
            {
                double reported = totals.Score + WeightedSquaredNorms();
                IterationCallback?.Invoke(iteration, reported);
                Log?.WriteLine($"Iteration {iteration}, inertia {reported}.");
            }

            _relocation.Relocate(current, labels, _sums, _clusterWeights);
            Average(next);
            T shift = CenterShift(current, next);
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
            current.UpdateNorms();
            Assign(current, labels, update: false);
        }

        if (!ReferenceEquals(current, centers))
        {
            current.Values.CopyTo(centers.Values, 0);
        }

        centers.UpdateNorms();
        double inertia = Inertia(centers, labels);
        return new LloydResult(inertia, Math.Min(iteration + 1, maxIterations), strict);
    }

    /// <summary>One assignment pass; with <paramref name="update"/>, also the merged sums and weights.</summary>
    internal AssignTotals Assign(CenterSet<T> centers, Memory<int> labels, bool update)
    {
        if (update && _slotSums.Length == 0)
        {
            _slotSums = new double[(long)_plan.Count * _k * _d];
            _slotWeights = new double[_plan.Count * _k];
        }

        var work = new AssignWork(this, centers, labels, update);
        _runner.Run(_plan, work);
        AssignTotals totals = default;
        for (int p = 0; p < _plan.Count; p++)
        {
            totals.Score += _slotTotals[p].Score;
            totals.Changed += _slotTotals[p].Changed;
        }

        if (update)
        {
            Array.Clear(_sums);
            Array.Clear(_clusterWeights);
            int kd = _k * _d;
            for (int p = 0; p < _plan.Count; p++)
            {
                ReadOnlySpan<double> slot = _slotSums.AsSpan(p * kd, kd);
                for (int i = 0; i < kd; i++)
                {
                    _sums[i] += slot[i];
                }

                ReadOnlySpan<double> slotWeights = _slotWeights.AsSpan(p * _k, _k);
                for (int j = 0; j < _k; j++)
                {
                    _clusterWeights[j] += slotWeights[j];
                }
            }
        }

        return totals;
    }

    /// <summary>Σ w‖x‖² over the rows (working coordinates), computed on first use: with the assignment's scores, the per-iteration inertia.</summary>
    private double WeightedSquaredNorms()
    {
        if (double.IsNaN(_weightedSquaredNorms))
        {
            var origin = new CenterSet<T>(_k, _d);
            origin.UpdateNorms();
            _weightedSquaredNorms = Inertia(origin, new int[_rows.Rows]);
        }

        return _weightedSquaredNorms;
    }

    /// <summary>Σ w·‖x − c_label‖², exact difference form, partials per partition merged in order.</summary>
    internal double Inertia(CenterSet<T> centers, Memory<int> labels)
    {
        _runner.Run(_plan, new InertiaWork(this, centers, labels));
        double inertia = 0;
        for (int p = 0; p < _plan.Count; p++)
        {
            inertia += _slotInertia[p];
        }

        return inertia;
    }

    /// <summary>
    /// Means from the sums. A cluster still empty after relocation takes the row of the heaviest cluster as it stands
    /// at that moment in the loop (scikit-learn ≥ 1.4's <c>_average_centers</c>: already divided if that cluster comes
    /// earlier, still a sum if later).
    /// </summary>
    private void Average(CenterSet<T> next)
    {
        int heaviest = 0;
        for (int j = 1; j < _k; j++)
        {
            if (_clusterWeights[j] > _clusterWeights[heaviest])
            {
                heaviest = j;
            }
        }

        for (int j = 0; j < _k; j++)
        {
            Span<T> row = next.Row(j);
            ReadOnlySpan<double> sum = _sums.AsSpan(j * _d, _d);
            if (_clusterWeights[j] > 0)
            {
                double alpha = 1.0 / _clusterWeights[j];
                for (int f = 0; f < _d; f++)
                {
                    row[f] = T.CreateTruncating(sum[f] * alpha);
                }
            }
            else if (heaviest < j)
            {
                next.Row(heaviest).CopyTo(row);
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

    private readonly struct AssignWork : IPartitionWork
    {
        private readonly LloydSolver<T, TRows> _solver;
        private readonly CenterSet<T> _centers;
        private readonly Memory<int> _labels;
        private readonly bool _update;

        public AssignWork(LloydSolver<T, TRows> solver, CenterSet<T> centers, Memory<int> labels, bool update)
        {
            _solver = solver;
            _centers = centers;
            _labels = labels;
            _update = update;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            LloydSolver<T, TRows> s = _solver;
            int kd = s._k * s._d;
            Span<double> sums = default;
            Span<double> weights = default;
            if (_update)
            {
                sums = s._slotSums.AsSpan(partition * kd, kd);
                weights = s._slotWeights.AsSpan(partition * s._k, s._k);
                sums.Clear();
                weights.Clear();
            }

            s._slotTotals[partition] = s._rows.Assign(start, end, _centers, s._weights.Span, _labels.Span, s._scratch[worker], sums, weights);
        }
    }

    private readonly struct InertiaWork : IPartitionWork
    {
        private readonly LloydSolver<T, TRows> _solver;
        private readonly CenterSet<T> _centers;
        private readonly Memory<int> _labels;

        public InertiaWork(LloydSolver<T, TRows> solver, CenterSet<T> centers, Memory<int> labels)
        {
            _solver = solver;
            _centers = centers;
            _labels = labels;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            LloydSolver<T, TRows> s = _solver;
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
