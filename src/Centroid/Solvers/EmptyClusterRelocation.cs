using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// scikit-learn's <c>_relocate_empty_clusters</c>: each cluster with zero total weight takes over one of the points
/// farthest from their own (old) center, the farthest first, empty clusters in increasing order; that point's
/// weighted value moves from its cluster's sums to the empty one's. Labels are not changed (the next assignment
/// does that). As in scikit-learn ≥ 1.4, nothing moves when every point sits exactly on its center.
/// </summary>
/// <remarks>
/// The farthest points are found with a top-m list per partition (m = number of empty clusters), merged in
/// partition order: no n-length distance array. Equal distances go to the lowest row index.
/// </remarks>
internal sealed class EmptyClusterRelocation<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IRowSource<T>
{
    private readonly TRows _rows;
    private readonly ReadOnlyMemory<T> _weights;
    private readonly RowPartition _plan;
    private readonly PartitionRunner _runner;
    private readonly List<int> _empty = [];
    private (T Distance, int Row)[] _slots = [];
    private int _m;

    /// <summary>Creates the relocation step for a solver over <paramref name="rows"/>.</summary>
    public EmptyClusterRelocation(TRows rows, ReadOnlyMemory<T> weights, RowPartition plan, PartitionRunner runner)
    {
        _rows = rows;
        _weights = weights;
        _plan = plan;
        _runner = runner;
    }

    /// <summary>Relocates every empty cluster; <paramref name="sums"/> (k × d) and <paramref name="clusterWeights"/> are updated in place.</summary>
    /// <returns>How many clusters were relocated.</returns>
    public int Relocate(CenterSet<T> oldCenters, int[] labels, double[] sums, double[] clusterWeights)
    {
        _empty.Clear();
        for (int j = 0; j < clusterWeights.Length; j++)
        {
            if (clusterWeights[j] == 0)
            {
                _empty.Add(j);
            }
        }

        if (_empty.Count == 0)
        {
            return 0;
        }

        _m = _empty.Count;
        if (_slots.Length < _plan.Count * _m)
        {
            _slots = new (T, int)[_plan.Count * _m];
        }

        _runner.Run(_plan, new FarthestWork(this, oldCenters, labels));

        // Merge the partitions' lists; each is sorted, and partitions come in row order, so ties keep the lowest row.
        var farthest = new (T Distance, int Row)[_m];
        int found = 0;
        for (int p = 0; p < _plan.Count; p++)
        {
            for (int e = 0; e < _m; e++)
            {
                (T distance, int row) = _slots[(p * _m) + e];
                if (row >= 0)
                {
                    Insert(farthest, ref found, distance, row);
                }
            }
        }

        if (found == 0 || farthest[0].Distance == T.Zero)
        {
            return 0;
        }

        int d = _rows.Columns;
        ReadOnlySpan<T> w = _weights.Span;
        int relocated = 0;
        for (int e = 0; e < Math.Min(found, _m); e++)
        {
            int row = farthest[e].Row;
            int target = _empty[e];
            int source = labels[row];
            double weight = w.IsEmpty ? 1.0 : double.CreateTruncating(w[row]);
            _rows.AddRow(row, -weight, sums.AsSpan(source * d, d));
            Span<double> targetSum = sums.AsSpan(target * d, d);
            targetSum.Clear();
            _rows.AddRow(row, weight, targetSum);
            clusterWeights[target] = weight;
            clusterWeights[source] -= weight;
            relocated++;
        }

        return relocated;
    }

    /// <summary>Inserts (distance, row) into a descending list of at most its length, keeping earlier rows first on ties.</summary>
    private static void Insert((T Distance, int Row)[] list, ref int count, T distance, int row)
    {
        if (count == list.Length)
        {
            if (!(distance > list[count - 1].Distance))
            {
                return;
            }

            count--;
        }

        int position = count;
        while (position > 0 && distance > list[position - 1].Distance)
        {
            list[position] = list[position - 1];
            position--;
        }

        list[position] = (distance, row);
        count++;
    }

    private readonly struct FarthestWork : IPartitionWork
    {
        private readonly EmptyClusterRelocation<T, TRows> _owner;
        private readonly CenterSet<T> _centers;
        private readonly int[] _labels;

        public FarthestWork(EmptyClusterRelocation<T, TRows> owner, CenterSet<T> centers, int[] labels)
        {
            _owner = owner;
            _centers = centers;
            _labels = labels;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            EmptyClusterRelocation<T, TRows> o = _owner;
            Span<(T Distance, int Row)> slot = o._slots.AsSpan(partition * o._m, o._m);
            var list = new (T Distance, int Row)[o._m];
            int count = 0;
            for (int i = start; i < end; i++)
            {
                int j = _labels[i];
                T distance = o._rows.SquaredDistance(i, _centers.Row(j), _centers.Norms[j]);
                Insert(list, ref count, distance, i);
            }

            for (int e = 0; e < o._m; e++)
            {
                slot[e] = e < count ? list[e] : (T.Zero, -1);
            }
        }
    }
}
