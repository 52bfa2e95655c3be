using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// Hamerly's algorithm (2010): per row one upper bound u ≥ D(x, c_label) and one lower bound l ≤ min over the other
/// centers of D(x, c_j). A row keeps its label unread when max(l, s − u) proves it (s: the distance from its center to
/// the nearest other center, so D_j ≥ s − u); otherwise u is tightened with one exact score, and if that does not
/// suffice every center is scored. <see cref="ExponionBounds{T, TRows}"/> scores only the centers near the label.
/// </summary>
/// <remarks>Extra memory: 16 n bytes (u and l in double) and 24 k bytes of tables.</remarks>
internal class HamerlyBounds<T, TRows> : BoundsAlgorithm<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    // Per row, interleaved (one cache line holds both): [2i] = u − drift[label], [2i + 1] = l + DriftMax.
    private double[] _bounds = [];

    /// <summary>Hamerly's bounds over <paramref name="rows"/>.</summary>
    public HamerlyBounds(TRows rows, int clusters)
        : this(rows, clusters, new CenterGeometry<T>(clusters, rows.Columns, rows.MaxTerms, pairwise: false, neighbors: false))
    {
    }

    /// <summary>For subclasses that need more tables.</summary>
    protected HamerlyBounds(TRows rows, int clusters, CenterGeometry<T> geometry)
        : base(rows, clusters, geometry)
    {
    }

    /// <inheritdoc/>
    public override KMeansAlgorithm Algorithm => KMeansAlgorithm.Hamerly;

    /// <summary>Bytes of bounds and tables for n rows and k clusters.</summary>
    public static long Bytes(long rows, int clusters, int features) => (rows * 2 * sizeof(double)) + CenterGeometry<T>.Bytes(clusters, features, pairwise: false, neighbors: false);

    /// <inheritdoc/>
    public override void Prepare()
    {
        if (_bounds.Length != 2 * Rows.Rows)
        {
            _bounds = new double[2 * Rows.Rows];
        }
    }

    /// <inheritdoc/>
    public override void Initialize(int row, int best, T second, ReadOnlySpan<T> scores, double squaredNorm, double rowNorm)
    {
        CenterGeometry<T> g = Geometry;
        _bounds[2 * row] = g.UpperFromScore(scores[best], squaredNorm, rowNorm) - g.Drift[best];
        _bounds[(2 * row) + 1] = (T.IsPositiveInfinity(second) ? double.PositiveInfinity : g.LowerFromScore(second, squaredNorm, rowNorm)) + g.DriftMax;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Assign(int start, int end, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, ulong[] changed)
    {
        int[] pending = scratch.Pending;
        int count = 0;
        int moved = 0;
        for (int i = start; i < end; i++)
        {
            if (!Holds(i, labels))
            {
                pending[count++] = i;
                if (count == pending.Length)
                {
                    moved += Settle(pending, centers, labels, scratch, changed);
                    count = 0;
                }
            }
        }

        return moved + Settle(pending.AsSpan(0, count), centers, labels, scratch, changed);
    }

    /// <summary>Whether row <paramref name="i"/>'s bounds prove its label without reading it (the cheap test).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool Holds(int i, int[] labels)
    {
        CenterGeometry<T> g = Geometry;
        int a = labels[i];
        double u = _bounds[2 * i] + g.Drift[a];
        double l = _bounds[(2 * i) + 1] - g.DriftMax;
        return g.Proves(CenterGeometry<T>.Max(l, g.NearestOther[a] - u), g.Threshold(u, g.Margin));
    }

    /// <summary>
    /// The rows whose cheap test failed, four at a time: each row's u is tightened with its label's exact score (four
    /// independent chains side by side), and a row whose bounds still prove nothing is resolved (<see cref="Resolve"/>).
    /// </summary>
    /// <returns>How many labels changed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected int Settle(ReadOnlySpan<int> rows, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, ulong[] changed)
    {
        CenterGeometry<T> g = Geometry;
        double[] drift = g.Drift;
        int d = Rows.Columns;
        int moved = 0;
        for (int first = 0; first < rows.Length; first += DenseScoreKernel.RowBlock)
        {
            int count = Math.Min(DenseScoreKernel.RowBlock, rows.Length - first);
            ReadOnlySpan<int> tile = rows.Slice(first, count);
            for (int r = 0; r < count; r++)
            {
                Rows.Load(tile[r], scratch.Tile.AsSpan(r * d, d));
                scratch.PairClusters[r] = labels[tile[r]];
            }

            Rows.ScorePairs(tile, scratch.Tile, scratch.PairClusters.AsSpan(0, count), centers, scratch.PairScores);
            for (int r = 0; r < count; r++)
            {
                int i = tile[r];
                int a = scratch.PairClusters[r];
                ReadOnlySpan<T> x = scratch.Tile.AsSpan(r * d, d);
                T own = scratch.PairScores[r];
                double squaredNorm = Rows.SquaredNorm(i, x);
                double rowNorm = g.RowNorm(squaredNorm);
                double u = g.UpperFromScore(own, squaredNorm, rowNorm);
                double l = _bounds[(2 * i) + 1] - g.DriftMax;
                double threshold = g.Threshold(u, g.RowMargin(rowNorm));
                if (g.Proves(CenterGeometry<T>.Max(l, g.NearestOther[a] - u), threshold))
                {
                    _bounds[2 * i] = u - drift[a];
                    continue;
                }

                int best = Resolve(i, a, own, u, threshold, x, centers, scratch, out double newUpper, out double newLower, squaredNorm, rowNorm);
                _bounds[2 * i] = newUpper - drift[best];
                _bounds[(2 * i) + 1] = newLower + g.DriftMax;
                if (best != a)
                {
                    labels[i] = best;
                    MarkChanged(changed, i, a, best);
                    moved++;
                }
            }
        }

        return moved;
    }

    /// <summary>
    /// The row's label when its bounds failed: Hamerly scores every center. Returns the label, an upper bound of its
    /// distance and a lower bound of the distance to every other center.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected virtual int Resolve(int row, int label, T ownScore, double upper, double threshold, ReadOnlySpan<T> x, CenterSet<T> centers, BoundsScratch<T> scratch, out double newUpper, out double newLower, double squaredNorm, double rowNorm)
    {
        CenterGeometry<T> g = Geometry;
        Span<T> scores = scratch.Scores;
        Rows.ScoreAll(row, x, centers, scores);
        ReadOnlySpan<T> all = scores[..Clusters];
        int best = ExactScore.TopTwo<T>(scores[..centers.PaddedClusters], out T second);
        newUpper = g.UpperFromScore(all[best], squaredNorm, rowNorm);
        newLower = T.IsPositiveInfinity(second) ? double.PositiveInfinity : g.LowerFromScore(second, squaredNorm, rowNorm);
        return best;
    }
}
