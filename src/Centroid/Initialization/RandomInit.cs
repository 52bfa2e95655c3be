using System.Numerics;
using Centroid.Kernels;
using Centroid.Random;

namespace Centroid.Initialization;

/// <summary>
/// scikit-learn ≥ 1.4's <c>init='random'</c>: k distinct rows drawn with probability proportional to the sample
/// weight (<c>choice(n, k, replace=False, p=w/Σw)</c>), in draw order.
/// </summary>
internal static class RandomInit
{
    /// <summary>Fills <paramref name="centers"/> with k distinct rows of <paramref name="rows"/>; returns their indices.</summary>
    /// <exception cref="ArgumentException">Fewer than k rows have a positive weight.</exception>
    public static int[] Run<T, TRows>(TRows rows, ReadOnlySpan<T> weights, CenterSet<T> centers, NumpyRandomState random)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, IRowSource<T>
    {
        int k = centers.Clusters;
        if (!WeightedChoice.HasPositive(weights, rows.Rows, k))
        {
            throw new ArgumentException(
                $"init 'random' needs at least {k} samples with a positive weight, one per cluster.", "sampleWeight");
        }

        int[] chosen = new int[k];
        WeightedChoice.Distinct(random, rows.Rows, weights, chosen);
        for (int j = 0; j < k; j++)
        {
            rows.CopyRow(chosen[j], centers.Row(j));
        }

        return chosen;
    }
}
