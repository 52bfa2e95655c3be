using System.Numerics;
using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>One k-means run from given centers: Lloyd, or a bounds algorithm that returns Lloyd's result.</summary>
internal interface IKMeansSolver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The algorithm that runs.</summary>
    KMeansAlgorithm Algorithm { get; }

    /// <summary>Reports each iteration: its index and the inertia of the centers it assigned with.</summary>
    Action<int, double>? IterationCallback { get; set; }

    /// <summary>Writes scikit-learn's verbose lines when set.</summary>
    TextWriter? Log { get; set; }

    /// <summary>Runs from <paramref name="centers"/> (overwritten with the result); <paramref name="labels"/> receives the labels.</summary>
    LloydResult Run(CenterSet<T> centers, int[] labels, int maxIterations, double tolerance, CancellationToken cancellationToken);
}
