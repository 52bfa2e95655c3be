namespace Centroid.Cli.Profiling;

/// <summary>One row of the profile: an estimator fitted on one of the data files.</summary>
internal sealed record ProfileCase(ProfileInput Input, ProfileAlgorithm Algorithm)
{
    /// <summary><c>float64 dense KMeans</c>, …</summary>
    public string Name => $"{Input.Name} {Algorithm.Label}";

    /// <summary>A directory name: <c>float64-dense-kmeans</c>, …</summary>
    public string Id => $"{Input.DataType}-{Input.Format}-{Algorithm.Id}";
}
