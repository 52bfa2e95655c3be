namespace Centroid;

/// <summary>How a fit chooses its initial centers when none are given.</summary>
public enum KMeansInit
{
    /// <summary>Greedy k-means++ (scikit-learn's <c>'k-means++'</c>): 2 + ⌊ln k⌋ candidates per step, weights honoured.</summary>
    KMeansPlusPlus,

    /// <summary>k distinct rows drawn with probability proportional to the sample weight (scikit-learn's <c>'random'</c>).</summary>
    Random,
}
