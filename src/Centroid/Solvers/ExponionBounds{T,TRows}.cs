using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>
/// Exponion (Newling and Fleuret, 2016): Hamerly's two bounds per row, but when they fail only the centers within
/// distance R = u + max(t, u + s) of the label's center are scored (t: the distance beyond which a center provably
/// cannot win or tie, s: the distance to the label's nearest other center). A center c_j farther than R has
/// D_j ≥ ‖c_j − c_a‖ − u &gt; R − u ≥ t, so it cannot be Lloyd's choice, and R − u ≥ u + s bounds the second-nearest
/// distance, so the new lower bound stays as good as Hamerly's. The centers are kept sorted by distance from each
/// center, so the ball is a prefix of a list.
/// </summary>
/// <remarks>Extra memory: 16 n bytes (u and l) and 20 k² + 24 k bytes of tables (the pairwise distances and the sorted neighbour lists).</remarks>
internal class ExponionBounds<T, TRows> : HamerlyBounds<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    /// <summary>Exponion's bounds over <paramref name="rows"/>.</summary>
    public ExponionBounds(TRows rows, int clusters)
        : base(rows, clusters, new CenterGeometry<T>(clusters, rows.Columns, rows.MaxTerms, pairwise: true, neighbors: true))
    {
    }

    /// <inheritdoc/>
    public override KMeansAlgorithm Algorithm => KMeansAlgorithm.Exponion;

    /// <summary>Bytes of bounds and tables for n rows and k clusters.</summary>
    public static new long Bytes(long rows, int clusters, int features) => (rows * 2 * sizeof(double)) + CenterGeometry<T>.Bytes(clusters, features, pairwise: true, neighbors: true);

    /// <inheritdoc/>
    protected override bool ResolvesAlone => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool TryResolve(int row, int label, T ownScore, double upper, ReadOnlySpan<T> x, CenterSet<T> centers, BoundsScratch<T> scratch, double squaredNorm, out int best, out double newUpper, out double newLower)
    {
        CenterGeometry<T> g = Geometry;
        int m = Clusters - 1;
        double threshold = g.Threshold(upper, g.Margin);
        double radius = upper + CenterGeometry<T>.Max(g.ProofRadius(threshold), upper + g.NearestOther[label]);
        int count = g.NeighborsWithin(label, radius);

        if (ExactScore.AllIsCheaper<T>(count, centers.PaddedClusters, Rows.MaxTerms))
        {
            // Most centers are in the ball: scoring them all with vectors is cheaper, and gives the exact second.
            best = label;
            newUpper = 0;
            newLower = 0;
            return false;
        }

        ReadOnlySpan<int> candidates = g.NeighborOrder.AsSpan(label * m, count);
        Span<T> scores = scratch.CandidateScores.AsSpan(0, count);
        Rows.Scores(row, x, centers, candidates, scores);

        // Lloyd's choice among the label and the candidates: the smallest score, the lowest index on ties.
        best = label;
        T bestScore = ownScore;
        for (int e = 0; e < count; e++)
        {
            T s = scores[e];
            int j = candidates[e];
            if (s < bestScore || (s == bestScore && j < best))
            {
                best = j;
                bestScore = s;
            }
        }

        T second = best == label ? T.PositiveInfinity : ownScore;
        for (int e = 0; e < count; e++)
        {
            if (candidates[e] != best && scores[e] < second)
            {
                second = scores[e];
            }
        }

        newUpper = g.UpperForPass(bestScore, squaredNorm);

        // Centers outside the ball are farther than R − u.
        double outside = count == m ? double.PositiveInfinity : (radius - upper - (2 * g.Slack));
        double inside = T.IsPositiveInfinity(second) ? double.PositiveInfinity : g.LowerForPass(second, squaredNorm);
        newLower = Math.Min(inside, outside);
        return true;
    }
}
