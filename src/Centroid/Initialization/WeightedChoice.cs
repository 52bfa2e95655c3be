using System.Numerics;
using Centroid.Kernels;
using Centroid.Random;

namespace Centroid.Initialization;

/// <summary>
/// NumPy's <c>RandomState.choice(n, size, replace, p)</c> with p = w / Σw, computed the way NumPy does (a float64
/// cumulative sum divided by its last element, searched with <c>side='right'</c>) but without materialising p or
/// the cdf: each draw round is one sequential scan.
/// </summary>
internal static class WeightedChoice
{
    /// <summary>One index drawn with probability proportional to the weights (empty weights: uniform), as <c>choice(n, p=p)</c>.</summary>
    public static int One<T>(NumpyRandomState random, int n, ReadOnlySpan<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<int> result = stackalloc int[1];
        Span<double> draws = stackalloc double[1];
        draws[0] = random.NextDouble();
        T total = WeightTotal(n, weights);
        SearchSorted(n, weights, total, default, draws, result);
        return result[0];
    }

    /// <summary>
    /// <paramref name="destination"/>.Length distinct indices, as <c>choice(n, size, replace=False, p=p)</c>: rounds of
    /// draws over the indices not yet found, keeping new indices in draw order.
    /// </summary>
    public static void Distinct<T>(NumpyRandomState random, int n, ReadOnlySpan<T> weights, Span<int> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = destination.Length;
        T total = WeightTotal(n, weights);
        int found = 0;
        var seen = new HashSet<int>();
        double[] draws = new double[size];
        int[] picks = new int[size];
        while (found < size)
        {
            int wanted = size - found;
            for (int i = 0; i < wanted; i++)
            {
                draws[i] = random.NextDouble();
            }

            SearchSorted(n, weights, total, destination[..found], draws.AsSpan(0, wanted), picks.AsSpan(0, wanted));
            for (int i = 0; i < wanted; i++)
            {
                if (seen.Add(picks[i]))
                {
                    destination[found++] = picks[i];
                }
            }
        }
    }

    /// <summary>Σw in T as NumPy's <c>sample_weight.sum()</c> (n for unit weights).</summary>
    public static T WeightTotal<T>(int n, ReadOnlySpan<T> weights) where T : unmanaged, IFloatingPointIeee754<T> =>
        weights.IsEmpty ? T.CreateTruncating(n) : NumpySum.Sum(weights);

    /// <summary>Whether at least <paramref name="count"/> weights are positive (NumPy's check before a no-replacement draw).</summary>
    public static bool HasPositive<T>(ReadOnlySpan<T> weights, int n, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weights.IsEmpty)
        {
            return n >= count;
        }

        int positive = 0;
        foreach (T w in weights)
        {
            if (w > T.Zero && ++positive >= count)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For each draw u, the first index i with cdf[i] &gt; u, where cdf is the float64 cumulative sum of
    /// p = (T)(w / Σw) over indices not in <paramref name="excluded"/>, divided by its last element.
    /// </summary>
    private static void SearchSorted<T>(int n, ReadOnlySpan<T> weights, T total, ReadOnlySpan<int> excluded, ReadOnlySpan<double> draws, Span<int> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var skip = new HashSet<int>(excluded.ToArray());
        double last = 0;
        for (int i = 0; i < n; i++)
        {
            if (!skip.Contains(i))
            {
                last += Probability(weights, total, i);
            }
        }

        // Visit the draws in increasing order while the cdf is scanned once.
        int[] order = new int[draws.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        double[] keys = draws.ToArray();
        Array.Sort(keys, order);
        int next = 0;
        double cumulative = 0;
        for (int i = 0; i < n && next < order.Length; i++)
        {
            if (!skip.Contains(i))
            {
                cumulative += Probability(weights, total, i);
            }

            double cdf = cumulative / last;
            while (next < order.Length && cdf > keys[next])
            {
                result[order[next++]] = i;
            }
        }

        // A draw not below the final cdf value (1.0) lands past the end, as searchsorted returns n; NumPy then
        // indexes out of range only in theory, because random_sample() < 1.
        while (next < order.Length)
        {
            result[order[next++]] = n - 1;
        }
    }

    private static double Probability<T>(ReadOnlySpan<T> weights, T total, int i) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateTruncating((weights.IsEmpty ? T.One : weights[i]) / total);
}
