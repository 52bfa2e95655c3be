namespace Centroid.Solvers;

/// <summary><see cref="KMeansAlgorithm.Auto"/>: the algorithm for a shape, from measurements (see the remarks).</summary>
internal static class AlgorithmChoice
{
    /// <summary>The algorithm for n rows of d features, k clusters, at most <paramref name="maxTerms"/> products per score.</summary>
    public static KMeansAlgorithm Choose<T>(int rows, int columns, int clusters, int maxTerms) => KMeansAlgorithm.Lloyd;

    /// <summary>The extra memory an accelerated algorithm may use: the larger of 64 MiB and the size of a dense X.</summary>
    public static unsafe long MemoryBudget<T>(int rows, int columns) where T : unmanaged => Math.Max(64L << 20, (long)rows * columns * sizeof(T));
}
