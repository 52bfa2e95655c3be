using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// Elkan's algorithm (2003), as scikit-learn's <c>_k_means_elkan</c>: per row an upper bound u ≥ D(x, c_label) and k
/// lower bounds l_j ≤ D(x, c_j). A row is skipped when the distance to its center's nearest other center proves its
/// label; otherwise a center j is ruled out when max(l_j, ‖c_j − c_label‖ − u) proves it, u is tightened with one exact
/// score if any center is left, and the centers still left are scored.
/// </summary>
/// <remarks>
/// <para>scikit-learn's Elkan compares true distances; this one decides with Lloyd's scores (see
/// <see cref="CenterGeometry{T}"/>), so it returns this library's Lloyd result: the same labels, iteration count and,
/// within rounding, inertia — which on the scikit-learn fixtures are also scikit-learn's Elkan's.</para>
/// <para>Extra memory: n·k lower bounds in T (4 n k bytes for float, 8 n k for double), 8 n bytes of upper bounds and
/// 8 k² + 24 k bytes of tables.</para>
/// </remarks>
internal sealed class ElkanBounds<T, TRows> : BoundsAlgorithm<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    private double[] _upper = [];
    private T[] _lower = [];

    /// <summary>Elkan's bounds over <paramref name="rows"/>.</summary>
    public ElkanBounds(TRows rows, int clusters)
        : base(rows, clusters, new CenterGeometry<T>(clusters, rows.Columns, rows.MaxTerms, pairwise: true, neighbors: false))
    {
    }

    /// <inheritdoc/>
    public override KMeansAlgorithm Algorithm => KMeansAlgorithm.Elkan;

    /// <summary>Bytes of bounds and tables for n rows and k clusters.</summary>
    public static unsafe long Bytes(long rows, int clusters, int features) =>
        (rows * sizeof(double)) + (rows * clusters * sizeof(T)) + CenterGeometry<T>.Bytes(clusters, features, pairwise: true, neighbors: false);

    /// <inheritdoc/>
    public override void Prepare()
    {
        if (_upper.Length != Rows.Rows)
        {
            _upper = new double[Rows.Rows];
            _lower = new T[checked(Rows.Rows * Clusters)];
        }
    }

    /// <inheritdoc/>
    public override void Initialize(int row, int best, T second, ReadOnlySpan<T> scores, double squaredNorm, double rowNorm)
    {
        CenterGeometry<T> g = Geometry;
        _upper[row] = g.UpperFromScore(scores[best], squaredNorm, rowNorm) - g.Drift[best];
        Span<T> lower = _lower.AsSpan(row * Clusters, Clusters);
        for (int j = 0; j < Clusters; j++)
        {
            lower[j] = CenterGeometry<T>.RoundDown(g.LowerFromScore(scores[j], squaredNorm, rowNorm) + g.Drift[j]);
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
        int k = Clusters;
        int[] candidates = scratch.Candidates;
        int moved = 0;
        for (int i = start; i < end; i++)
        {
            int a = labels[i];
            double u = _upper[i] + drift[a];
            double threshold = g.Threshold(u, margin);
            if (g.Proves(nearest[a] - u, threshold))
            {
                continue;
            }

            Span<T> lower = _lower.AsSpan(i * k, k);
            ReadOnlySpan<double> fromLabel = pairwise.AsSpan(a * k, k);
            int count = 0;
            for (int j = 0; j < k; j++)
            {
                if (j != a && !g.Proves(CenterGeometry<T>.Max(double.CreateTruncating(lower[j]) - drift[j], fromLabel[j] - u), threshold))
                {
                    candidates[count++] = j;
                }
            }

            if (count == 0)
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
            lower[a] = CenterGeometry<T>.RoundDown(g.LowerFromScore(own, squaredNorm, rowNorm) + drift[a]);
            threshold = g.Threshold(u, g.RowMargin(rowNorm));
            int left = 0;
            for (int e = 0; e < count; e++)
            {
                int j = candidates[e];
                if (!g.Proves(CenterGeometry<T>.Max(double.CreateTruncating(lower[j]) - drift[j], fromLabel[j] - u), threshold))
                {
                    candidates[left++] = j;
                }
            }

            int best = a;
            T bestScore = own;
            if (ExactScore.AllIsCheaper<T>(left, centers.PaddedClusters, Rows.MaxTerms))
            {
                // Most centers are left: score them all with vectors (cheaper), and refresh every lower bound.
                Span<T> all = scratch.Scores;
                Rows.ScoreAll(i, x, centers, all);
                best = ExactScore.TopTwo<T>(all[..centers.PaddedClusters], out _);
                bestScore = all[best];
                for (int j = 0; j < k; j++)
                {
                    lower[j] = CenterGeometry<T>.RoundDown(g.LowerFromScore(all[j], squaredNorm, rowNorm) + drift[j]);
                }
            }
            else if (left != 0)
            {
                Span<T> scores = scratch.CandidateScores.AsSpan(0, left);
                Rows.Scores(i, x, centers, candidates.AsSpan(0, left), scores);
                for (int e = 0; e < left; e++)
                {
                    int j = candidates[e];
                    T s = scores[e];
                    lower[j] = CenterGeometry<T>.RoundDown(g.LowerFromScore(s, squaredNorm, rowNorm) + drift[j]);
                    if (s < bestScore || (s == bestScore && j < best))
                    {
                        best = j;
                        bestScore = s;
                    }
                }
            }

            _upper[i] = g.UpperFromScore(bestScore, squaredNorm, rowNorm) - drift[best];
            if (best != a)
            {
                labels[i] = best;
                MarkChanged(changed, i, a, best);
                moved++;
            }
        }

        return moved;
    }
}
