using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// Yinyang k-means (Ding et al., 2015): the centers are split once into G = ⌈k / 10⌉ groups (k-means on the initial
/// centers), and each row keeps an upper bound u and one lower bound per group (the distance to the group's nearest
/// center other than the label). A group drifts by the largest shift among its centers, so its bound decays slower
/// than Hamerly's single one. A row is skipped when every group bound (or the distance to its center's nearest other
/// center) proves its label; otherwise u is tightened, groups whose bound still proves nothing are opened, and in
/// them each center not ruled out by max(group bound, ‖c_j − c_label‖ − u) is scored.
/// </summary>
/// <remarks>Extra memory: n·G lower bounds in T, 8n bytes of upper bounds, 8k² + 40k bytes of tables.</remarks>
internal sealed class YinyangBounds<T, TRows> : BoundsAlgorithm<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    private readonly int _groups;
    private readonly int[] _groupOf;
    private readonly int[] _memberStart;
    private readonly int[] _members;
    private readonly double[] _groupDrift;
    private double[] _upper = [];
    private T[] _lower = [];
    private bool _grouped;

    /// <summary>Yinyang's bounds over <paramref name="rows"/>.</summary>
    public YinyangBounds(TRows rows, int clusters)
        : base(rows, clusters, new CenterGeometry<T>(clusters, rows.Columns, rows.MaxTerms, pairwise: true, neighbors: false))
    {
        _groups = GroupCount(clusters);
        _groupOf = new int[clusters];
        _memberStart = new int[_groups + 1];
        _members = new int[clusters];
        _groupDrift = new double[_groups];
    }

    /// <inheritdoc/>
    public override KMeansAlgorithm Algorithm => KMeansAlgorithm.Yinyang;

    /// <summary>G for k clusters: ⌈k / 10⌉, as in the paper.</summary>
    public static int GroupCount(int clusters) => Math.Max(1, (clusters + 9) / 10);

    /// <summary>Bytes of bounds and tables for n rows and k clusters.</summary>
    public static unsafe long Bytes(long rows, int clusters, int features) =>
        (rows * sizeof(double)) + (rows * GroupCount(clusters) * sizeof(T)) + CenterGeometry<T>.Bytes(clusters, features, pairwise: true, neighbors: false) + (16L * clusters);

    /// <inheritdoc/>
    public override void Prepare()
    {
        if (_upper.Length != Rows.Rows)
        {
            _upper = new double[Rows.Rows];
            _lower = new T[checked(Rows.Rows * _groups)];
        }

        Array.Clear(_groupDrift);
        _grouped = false;
    }

    /// <inheritdoc/>
    public override void Initialize(int row, int best, T second, ReadOnlySpan<T> scores, double squaredNorm, double rowNorm)
    {
        CenterGeometry<T> g = Geometry;
        _upper[row] = g.UpperFromScore(scores[best], squaredNorm, rowNorm) - g.Drift[best];
        Span<T> lower = _lower.AsSpan(row * _groups, _groups);
        for (int group = 0; group < _groups; group++)
        {
            T smallest = LeastInGroup(group, best, scores);
            lower[group] = T.IsPositiveInfinity(smallest)
                ? T.PositiveInfinity
                : CenterGeometry<T>.RoundDown(g.LowerFromScore(smallest, squaredNorm, rowNorm));
        }
    }

    /// <summary>The lowest score of <paramref name="group"/>'s centers other than <paramref name="best"/> (+∞ when there is none).</summary>
    private T LeastInGroup(int group, int best, ReadOnlySpan<T> scores)
    {
        T least = T.PositiveInfinity;
        foreach (int j in _members.AsSpan(_memberStart[group], _memberStart[group + 1] - _memberStart[group]))
        {
            if (j != best && scores[j] < least)
            {
                least = scores[j];
            }
        }

        return least;
    }

    /// <inheritdoc/>
    public override void BeginFirstPass(CenterSet<T> centers)
    {
        if (!_grouped)
        {
            GroupCenters(centers);
            _grouped = true;
        }
    }

    /// <inheritdoc/>
    public override void BeginPass()
    {
        double[] shift = Geometry.Shift;
        for (int group = 0; group < _groups; group++)
        {
            double largest = 0;
            foreach (int j in _members.AsSpan(_memberStart[group], _memberStart[group + 1] - _memberStart[group]))
            {
                largest = Math.Max(largest, shift[j]);
            }

            _groupDrift[group] += largest;
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Assign(int start, int end, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, ulong[] changed)
    {
        CenterGeometry<T> g = Geometry;
        double[] drift = g.Drift;
        double[] nearest = g.NearestOther;
        double[] pairwise = g.Pairwise;
        double margin = g.Margin;
        int groups = _groups;
        int k = Clusters;
        Span<double> groupLower = stackalloc double[groups];
        Span<bool> open = stackalloc bool[groups];
        int moved = 0;
        for (int i = start; i < end; i++)
        {
            int a = labels[i];
            double u = _upper[i] + drift[a];
            Span<T> stored = _lower.AsSpan(i * groups, groups);
            double smallest = double.PositiveInfinity;
            for (int group = 0; group < groups; group++)
            {
                double l = double.CreateTruncating(stored[group]) - _groupDrift[group];
                groupLower[group] = l;
                smallest = Math.Min(smallest, l);
            }

            if (g.Proves(CenterGeometry<T>.Max(smallest, nearest[a] - u), g.Threshold(u, margin)))
            {
                continue;
            }

            // Tighten u with the label's exact score, then look again.
            Span<T> x = scratch.Row;
            Rows.Load(i, x);
            double squaredNorm = Rows.SquaredNorm(i, x);
            double rowNorm = g.RowNorm(squaredNorm);
            T own = Rows.Score(i, x, centers, a);
            u = g.UpperFromScore(own, squaredNorm, rowNorm);
            double threshold = g.Threshold(u, g.RowMargin(rowNorm));
            if (g.Proves(CenterGeometry<T>.Max(smallest, nearest[a] - u), threshold))
            {
                _upper[i] = u - drift[a];
                continue;
            }

            // Open the groups whose bound proves nothing; in them, rule out what the center distances can.
            ReadOnlySpan<double> fromLabel = pairwise.AsSpan(a * k, k);
            int[] candidates = scratch.Candidates;
            int count = 0;
            for (int group = 0; group < groups; group++)
            {
                double l = groupLower[group];
                open[group] = !g.Proves(l, threshold);
                if (!open[group])
                {
                    continue;
                }

                // The group's new bound starts with what its ruled-out centers are known to be beyond.
                double bound = double.PositiveInfinity;
                foreach (int j in _members.AsSpan(_memberStart[group], _memberStart[group + 1] - _memberStart[group]))
                {
                    if (j == a)
                    {
                        continue;
                    }

                    double lower = CenterGeometry<T>.Max(l, fromLabel[j] - u);
                    if (g.Proves(lower, threshold))
                    {
                        bound = Math.Min(bound, lower);
                    }
                    else
                    {
                        candidates[count++] = j;
                    }
                }

                groupLower[group] = bound;
            }

            if (ExactScore.AllIsCheaper<T>(count, centers.PaddedClusters, Rows.MaxTerms))
            {
                // Most centers are left: score them all with vectors (cheaper), and refresh every group bound.
                Span<T> all = scratch.Scores;
                Rows.ScoreAll(i, x, centers, all);
                int nearestCenter = ExactScore.TopTwo<T>(all[..centers.PaddedClusters], out _);
                for (int group = 0; group < groups; group++)
                {
                    T least = LeastInGroup(group, nearestCenter, all);
                    stored[group] = T.IsPositiveInfinity(least)
                        ? T.PositiveInfinity
                        : CenterGeometry<T>.RoundDown(g.LowerFromScore(least, squaredNorm, rowNorm) + _groupDrift[group]);
                }

                _upper[i] = g.UpperFromScore(all[nearestCenter], squaredNorm, rowNorm) - drift[nearestCenter];
                if (nearestCenter != a)
                {
                    labels[i] = nearestCenter;
                    MarkChanged(changed, i, a, nearestCenter);
                    moved++;
                }

                continue;
            }

            Span<T> scores = scratch.CandidateScores.AsSpan(0, count);
            Rows.Scores(i, x, centers, candidates.AsSpan(0, count), scores);
            int best = a;
            T bestScore = own;
            for (int e = 0; e < count; e++)
            {
                int j = candidates[e];
                if (scores[e] < bestScore || (scores[e] == bestScore && j < best))
                {
                    best = j;
                    bestScore = scores[e];
                }
            }

            // Scored centers other than the new label join their (open) group's bound; so does the old label if it lost.
            for (int e = 0; e < count; e++)
            {
                int j = candidates[e];
                if (j != best)
                {
                    int group = _groupOf[j];
                    groupLower[group] = Math.Min(groupLower[group], g.LowerFromScore(scores[e], squaredNorm, rowNorm));
                }
            }

            if (best != a)
            {
                int group = _groupOf[a];
                groupLower[group] = Math.Min(groupLower[group], g.LowerFromScore(own, squaredNorm, rowNorm));
                open[group] = true;
                labels[i] = best;
                MarkChanged(changed, i, a, best);
                moved++;
            }

            for (int group = 0; group < groups; group++)
            {
                if (open[group])
                {
                    stored[group] = double.IsPositiveInfinity(groupLower[group])
                        ? T.PositiveInfinity
                        : CenterGeometry<T>.RoundDown(groupLower[group] + _groupDrift[group]);
                }
            }

            _upper[i] = g.UpperFromScore(bestScore, squaredNorm, rowNorm) - drift[best];
        }

        return moved;
    }

    /// <summary>
    /// Splits the centers into groups by a few Lloyd iterations over the centers themselves (in double, seeded with
    /// evenly spaced centers; deterministic), then lists each group's members in increasing index.
    /// </summary>
    private void GroupCenters(CenterSet<T> centers)
    {
        int k = Clusters;
        int d = centers.Features;
        var means = new double[_groups * d];
        var counts = new int[_groups];
        for (int group = 0; group < _groups; group++)
        {
            ReadOnlySpan<T> seed = centers.Row((int)((long)group * k / _groups));
            for (int f = 0; f < d; f++)
            {
                means[(group * d) + f] = double.CreateTruncating(seed[f]);
            }
        }

        for (int iteration = 0; iteration < 5; iteration++)
        {
            for (int j = 0; j < k; j++)
            {
                ReadOnlySpan<T> c = centers.Row(j);
                int best = 0;
                double bestDistance = double.PositiveInfinity;
                for (int group = 0; group < _groups; group++)
                {
                    double distance = 0;
                    for (int f = 0; f < d; f++)
                    {
                        double diff = double.CreateTruncating(c[f]) - means[(group * d) + f];
                        distance += diff * diff;
                    }

                    if (distance < bestDistance)
                    {
                        bestDistance = distance;
                        best = group;
                    }
                }

                _groupOf[j] = best;
            }

            Array.Clear(counts);
            var sums = new double[_groups * d];
            for (int j = 0; j < k; j++)
            {
                ReadOnlySpan<T> c = centers.Row(j);
                int group = _groupOf[j];
                counts[group]++;
                for (int f = 0; f < d; f++)
                {
                    sums[(group * d) + f] += double.CreateTruncating(c[f]);
                }
            }

            for (int group = 0; group < _groups; group++)
            {
                if (counts[group] > 0)
                {
                    for (int f = 0; f < d; f++)
                    {
                        means[(group * d) + f] = sums[(group * d) + f] / counts[group];
                    }
                }
            }
        }

        Array.Clear(counts);
        foreach (int group in _groupOf)
        {
            counts[group]++;
        }

        _memberStart[0] = 0;
        for (int group = 0; group < _groups; group++)
        {
            _memberStart[group + 1] = _memberStart[group] + counts[group];
        }

        var next = (int[])_memberStart.Clone();
        for (int j = 0; j < k; j++)
        {
            _members[next[_groupOf[j]]++] = j;
        }
    }
}
