namespace Centroid.Cli.Commands;

/// <summary>The estimator <c>centroid fit</c> runs, chosen with <c>--algorithm</c>.</summary>
internal enum FitAlgorithm
{
    /// <summary><see cref="KMeans{T}"/> with Lloyd's iteration (scikit-learn's <c>KMeans(algorithm="lloyd")</c>).</summary>
    Lloyd,

    /// <summary><see cref="MiniBatchKMeans{T}"/> (scikit-learn's <c>MiniBatchKMeans</c>).</summary>
    MiniBatch,

    /// <summary><see cref="KMeans{T}"/> with <see cref="KMeansAlgorithm.Elkan"/>.</summary>
    Elkan,

    /// <summary><see cref="KMeans{T}"/> with <see cref="KMeansAlgorithm.Auto"/>.</summary>
    Auto,

    /// <summary><see cref="KMeans{T}"/> with <see cref="KMeansAlgorithm.Hamerly"/>.</summary>
    Hamerly,

    /// <summary><see cref="KMeans{T}"/> with <see cref="KMeansAlgorithm.Exponion"/>.</summary>
    Exponion,

    /// <summary><see cref="KMeans{T}"/> with <see cref="KMeansAlgorithm.Yinyang"/>.</summary>
    Yinyang,
}
