namespace Centroid;

/// <summary>
/// The settings of a k-means fit, named after scikit-learn's <c>KMeans</c> parameters and with the same defaults
/// (scikit-learn ≥ 1.4). Immutable; vary one with <c>with</c>. Values are checked when a fit starts, never clamped.
/// </summary>
public sealed record KMeansOptions
{
    /// <summary>The number of clusters k (<c>n_clusters</c>). Defaults to 8, as scikit-learn.</summary>
    public int Clusters { get; init; } = 8;

    /// <summary>How initial centers are chosen when a fit is not given them (<c>init</c>). Defaults to k-means++.</summary>
    public KMeansInit Init { get; init; } = KMeansInit.KMeansPlusPlus;

    /// <summary>
    /// How many initialisations to run, keeping the lowest inertia (<c>n_init</c>); null means scikit-learn's
    /// <c>'auto'</c>: 1 for k-means++ or explicit centers, 10 for random. With explicit centers only one run is made.
    /// </summary>
    public int? InitRuns { get; init; }

    /// <summary>The most Lloyd iterations of one run (<c>max_iter</c>). Defaults to 300.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Relative tolerance (<c>tol</c>): a run stops when the total squared center shift is at most this times the
    /// mean per-feature variance of the data. Defaults to 1e-4; 0 runs until labels stop changing or the limit.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>
    /// The seed of the NumPy-compatible generator behind the initialisation (<c>random_state</c>); the same seed chooses
    /// the same initial rows as scikit-learn ≥ 1.4 on the same data. Null draws a seed.
    /// </summary>
    public uint? RandomState { get; init; }

    /// <summary>The most threads a fit uses; null means <see cref="Environment.ProcessorCount"/>. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// The iteration algorithm. Defaults to <see cref="KMeansAlgorithm.Auto"/>: the algorithm measured fastest for the
    /// data's shape, whose results are Lloyd's (scikit-learn's default <c>algorithm="lloyd"</c>): the same labels and
    /// iteration count and, within rounding, the same inertia.
    /// </summary>
    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Auto;

    /// <summary>Writes scikit-learn's verbose lines (inertia per iteration, the convergence reason) to <see cref="Log"/>.</summary>
    public bool Verbose { get; init; }

    /// <summary>Where verbose lines go; null means standard output.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Checks every value; called by each fit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range; the message names it.</exception>
    public void Validate()
    {
        if (Clusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Clusters), Clusters, $"Clusters must be at least 1; got {Clusters}.");
        }

        if (InitRuns is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InitRuns), InitRuns, $"InitRuns must be at least 1 (or null for 'auto'); got {InitRuns}.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"MaxIterations must be at least 1; got {MaxIterations}.");
        }

        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"Tolerance must be a finite number ≥ 0; got {Tolerance}.");
        }

        if (MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, $"MaxDegreeOfParallelism must be at least 1 (or null); got {MaxDegreeOfParallelism}.");
        }

        if (!Enum.IsDefined(Init))
        {
            throw new ArgumentOutOfRangeException(nameof(Init), Init, $"Init {Init} is not a known method.");
        }

        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, $"Algorithm {Algorithm} is not a known algorithm.");
        }
    }

    /// <summary>The thread count a fit uses.</summary>
    internal int ResolveThreads() => MaxDegreeOfParallelism ?? Environment.ProcessorCount;
}
