namespace Centroid;

/// <summary>The iteration a fit runs.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Lloyd's algorithm, as scikit-learn's <c>algorithm="lloyd"</c>.</summary>
    Lloyd,
}
