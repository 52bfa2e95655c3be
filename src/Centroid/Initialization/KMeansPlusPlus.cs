using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Random;

namespace Centroid.Initialization;

/// <summary>
/// Greedy k-means++ as scikit-learn ≥ 1.4 does it (<c>_kmeans_plusplus</c>): the first center drawn with probability
/// proportional to the sample weight; then, for each further center, 2 + ⌊ln k⌋ candidates drawn proportionally to
/// w·D² (D the distance to the nearest chosen center) and the one that lowers Σ w·D² most kept.
/// </summary>
/// <remarks>
/// Distances use scikit-learn's formula, ‖c‖² − 2 c·x + ‖x‖² clipped at 0, computed in float64 and stored in T (as its
/// float32 path upcasts). Memory is three n-length T arrays (nearest, candidate, best candidate); no t × n matrix.
/// The cumulative sum of w·D² is scanned in T, as NumPy's <c>cumsum</c> in the data's type, without being stored.
/// </remarks>
internal sealed class KMeansPlusPlus<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IRowSource<T>
{
    private readonly TRows _rows;
    private readonly ReadOnlyMemory<T> _weights;
    private readonly PartitionRunner _runner;
    private readonly RowPartition _plan;
    private readonly double[] _slotPotential;
    private T[] _closest = [];
    private T[] _candidate = [];
    private T[] _best = [];

    /// <summary>Prepares k-means++ over <paramref name="rows"/>.</summary>
    public KMeansPlusPlus(TRows rows, ReadOnlyMemory<T> weights, PartitionRunner runner)
    {
        _rows = rows;
        _weights = weights;
        _runner = runner;
        _plan = new RowPartition(rows.Rows, sizeof(double));
        _slotPotential = new double[_plan.Count];
    }

    /// <summary>Chooses <c>centers.Clusters</c> centers into <paramref name="centers"/>; returns the chosen row indices.</summary>
    public int[] Run(CenterSet<T> centers, NumpyRandomState random, CancellationToken cancellationToken)
    {
        int n = _rows.Rows;
        int k = centers.Clusters;
        int d = _rows.Columns;
        int trials = 2 + (int)Math.Log(k);
        if (_closest.Length != n)
        {
            _closest = new T[n];
            _candidate = new T[n];
            _best = new T[n];
        }

        int[] chosen = new int[k];
        double[] point = new double[d];
        ReadOnlySpan<T> w = _weights.Span;

        chosen[0] = WeightedChoice.One(random, n, w);
        _rows.CopyRow(chosen[0], centers.Row(0));
        T potential = Distances(centers.Row(0), point, _closest, null);

        double[] targets = new double[trials];
        int[] candidates = new int[trials];
        for (int c = 1; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int t = 0; t < trials; t++)
            {
                targets[t] = random.NextDouble() * double.CreateTruncating(potential);
            }

            FindCandidates(targets, candidates);

            T bestPotential = T.PositiveInfinity;
            int bestCandidate = -1;
            for (int t = 0; t < trials; t++)
            {
                _rows.CopyRow(candidates[t], centers.Row(c));
                T candidatePotential = Distances(centers.Row(c), point, _candidate, _closest);
                if (candidatePotential < bestPotential || bestCandidate < 0)
                {
                    bestPotential = candidatePotential;
                    bestCandidate = candidates[t];
                    (_candidate, _best) = (_best, _candidate);
                }
            }

            chosen[c] = bestCandidate;
            _rows.CopyRow(bestCandidate, centers.Row(c));
            potential = bestPotential;
            (_closest, _best) = (_best, _closest);
        }

        return chosen;
    }

    /// <summary>
    /// For each target r, the first index whose running sum of w·D² (in T) reaches r (<c>searchsorted</c>,
    /// side='left'), clipped to n − 1.
    /// </summary>
    private void FindCandidates(double[] targets, int[] candidates)
    {
        int n = _rows.Rows;
        ReadOnlySpan<T> w = _weights.Span;
        int[] order = new int[targets.Length];
        double[] keys = (double[])targets.Clone();
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        int next = 0;
        T cumulative = T.Zero;
        for (int i = 0; i < n && next < keys.Length; i++)
        {
            cumulative += w.IsEmpty ? _closest[i] : w[i] * _closest[i];
            double value = double.CreateTruncating(cumulative);
            while (next < keys.Length && value >= keys[next])
            {
                candidates[order[next++]] = i;
            }
        }

        while (next < keys.Length)
        {
            candidates[order[next++]] = n - 1;
        }
    }

    /// <summary>
    /// D²(x, c) for every row into <paramref name="destination"/>, lowered to <paramref name="floor"/> where that is
    /// smaller; returns Σ w·D² rounded to T.
    /// </summary>
    private T Distances(ReadOnlySpan<T> center, double[] point, T[] destination, T[]? floor)
    {
        double centerNorm = 0;
        for (int f = 0; f < point.Length; f++)
        {
            point[f] = double.CreateTruncating(center[f]);
            centerNorm += point[f] * point[f];
        }

        _runner.Run(_plan, new DistanceWork(this, point, centerNorm, destination, floor));
        double total = 0;
        for (int p = 0; p < _plan.Count; p++)
        {
            total += _slotPotential[p];
        }

        return T.CreateTruncating(total);
    }

    private readonly struct DistanceWork : IPartitionWork
    {
        private readonly KMeansPlusPlus<T, TRows> _owner;
        private readonly double[] _point;
        private readonly double _pointNorm;
        private readonly T[] _destination;
        private readonly T[]? _floor;

        public DistanceWork(KMeansPlusPlus<T, TRows> owner, double[] point, double pointNorm, T[] destination, T[]? floor)
        {
            _owner = owner;
            _point = point;
            _pointNorm = pointNorm;
            _destination = destination;
            _floor = floor;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            KMeansPlusPlus<T, TRows> o = _owner;
            ReadOnlySpan<T> w = o._weights.Span;
            double potential = 0;
            for (int i = start; i < end; i++)
            {
                double dot = o._rows.DotAndNorm(i, _point, out double rowNorm);
                double distance = Math.Max((-2.0 * dot) + _pointNorm + rowNorm, 0.0);
                T value = T.CreateTruncating(distance);
                if (_floor is not null && _floor[i] < value)
                {
                    value = _floor[i];
                }

                _destination[i] = value;
                potential += double.CreateTruncating(w.IsEmpty ? value : value * w[i]);
            }

            o._slotPotential[partition] = potential;
        }
    }
}
