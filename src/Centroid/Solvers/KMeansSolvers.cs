using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>Builds the solver a fit runs: the requested algorithm, or for <see cref="KMeansAlgorithm.Auto"/> the one <see cref="AlgorithmChoice"/> picks.</summary>
internal static class KMeansSolvers
{
    /// <summary>scikit-learn's warning when Elkan is asked for one cluster (it runs Lloyd).</summary>
    public const string ElkanSingleClusterWarning = "algorithm='elkan' doesn't make sense for a single cluster. Using 'lloyd' instead.";

    /// <summary>The solver for <paramref name="requested"/> over <paramref name="rows"/>; warnings go to <paramref name="warnings"/>.</summary>
    public static IKMeansSolver<T> Create<T, TRows>(KMeansAlgorithm requested, TRows rows, ReadOnlyMemory<T> weights, int clusters, PartitionRunner runner, List<string> warnings)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, IExactRows<T>
    {
        KMeansAlgorithm algorithm = Resolve<T, TRows>(requested, rows, clusters, warnings);
        bool cache = BoundedSolver<T, TRows>.CacheBytes(rows.Rows, clusters, rows.Columns) <= AlgorithmChoice.MemoryBudget<T>(rows.Rows, rows.Columns);
        return algorithm switch
        {
            KMeansAlgorithm.Elkan => new BoundedSolver<T, TRows>(rows, weights, clusters, runner, new ElkanBounds<T, TRows>(rows, clusters), cache),
            KMeansAlgorithm.Hamerly => new BoundedSolver<T, TRows>(rows, weights, clusters, runner, new HamerlyBounds<T, TRows>(rows, clusters), cache),
            KMeansAlgorithm.Exponion => new BoundedSolver<T, TRows>(rows, weights, clusters, runner, new ExponionBounds<T, TRows>(rows, clusters), cache),
            KMeansAlgorithm.Yinyang => new BoundedSolver<T, TRows>(rows, weights, clusters, runner, new YinyangBounds<T, TRows>(rows, clusters), cache),
            _ => new LloydSolver<T, TRows>(rows, weights, clusters, runner),
        };
    }

    /// <summary>The algorithm that runs for <paramref name="requested"/>: Auto resolved, and Lloyd where bounds cannot help or cannot be used.</summary>
    public static KMeansAlgorithm Resolve<T, TRows>(KMeansAlgorithm requested, TRows rows, int clusters, List<string>? warnings)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, IExactRows<T>
    {
        if (requested == KMeansAlgorithm.Elkan && clusters == 1)
        {
            warnings?.Add(ElkanSingleClusterWarning);
            return KMeansAlgorithm.Lloyd;
        }

        KMeansAlgorithm algorithm = requested == KMeansAlgorithm.Auto
            ? AlgorithmChoice.Choose<T>(rows.Rows, rows.Columns, clusters, sparse: rows.IsSparse)
            : requested;

        // One center: nothing to prune. A repeated column index in a CSR row: the bounds' norm argument fails (see CenterGeometry).
        return clusters == 1 || rows.HasRepeatedIndices ? KMeansAlgorithm.Lloyd : algorithm;
    }
}
