namespace Centroid;

/// <summary>
/// The settings of a mini-batch k-means fit, named after scikit-learn's <c>MiniBatchKMeans</c> parameters and with the
/// same defaults (scikit-learn ≥ 1.4). Immutable; vary one with <c>with</c>. Values are checked when a fit starts,
/// never clamped.
/// </summary>
public sealed record MiniBatchKMeansOptions
{
    /// <summary>The number of clusters k (<c>n_clusters</c>). Defaults to 8, as scikit-learn.</summary>
    public int Clusters { get; init; } = 8;

    /// <summary>How initial centers are chosen when a fit is not given them (<c>init</c>). Defaults to k-means++.</summary>
    public KMeansInit Init { get; init; } = KMeansInit.KMeansPlusPlus;

    /// <summary>
    /// How many initialisations to try, keeping the one with the lowest inertia on a validation sample (<c>n_init</c>);
    /// null means scikit-learn's <c>'auto'</c>: 1 for k-means++ or explicit centers, 3 for random. Unlike
    /// <see cref="KMeans{T}"/>, only the initialisations are repeated, not the whole fit.
    /// </summary>
    public int? InitRuns { get; init; }

    /// <summary>The most passes over the data (<c>max_iter</c>): the fit stops after ⌊MaxIterations × n / batch⌋ steps. Defaults to 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Samples per mini-batch (<c>batch_size</c>); a fit uses min(BatchSize, n). Defaults to 1024, as scikit-learn ≥ 1.0.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>
    /// Early stopping on the center change (<c>tol</c>): a fit stops when the total squared change of the centers in one
    /// step is at most this times the mean per-feature variance of the data. Defaults to 0, which disables the test
    /// (and skips the variance pass).
    /// </summary>
    public double Tolerance { get; init; }

    /// <summary>
    /// Early stopping on the smoothed batch inertia (<c>max_no_improvement</c>): a fit stops after this many
    /// consecutive steps without a new minimum of its exponentially weighted average. Defaults to 10; null disables it.
    /// </summary>
    public int? MaxNoImprovement { get; init; } = 10;

    /// <summary>
    /// Samples drawn (with replacement) for each initialisation and for the validation sample that compares them
    /// (<c>init_size</c>). Null means 3 × batch size (3 × k when that is smaller than k); a value below k is replaced by
    /// 3 × k with a warning; never more than n.
    /// </summary>
    public int? InitSize { get; init; }

    /// <summary>
    /// Centers whose accumulated weight falls below this fraction of the largest one are moved to random batch samples
    /// (<c>reassignment_ratio</c>), every 10 × k samples and whenever a center has no weight yet. Defaults to 0.01; 0 never reassigns.
    /// </summary>
    public double ReassignmentRatio { get; init; } = 0.01;

    /// <summary>
    /// Whether a fit ends with one pass assigning every sample (<c>compute_labels</c>): the model then has labels and the
    /// exact inertia; otherwise no labels and the smoothed batch inertia scaled to the data's total weight. Defaults to true.
    /// </summary>
    public bool ComputeLabels { get; init; } = true;

    /// <summary>
    /// The seed of the NumPy-compatible generator behind initialisation, batch sampling and reassignment
    /// (<c>random_state</c>); the same seed draws the same samples as scikit-learn ≥ 1.4 on the same data. Null draws a seed.
    /// </summary>
    public uint? RandomState { get; init; }

    /// <summary>The most threads a fit uses; null means <see cref="Environment.ProcessorCount"/>. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Writes scikit-learn's verbose lines (per-initialisation inertia, per-step batch and smoothed inertia, stops, reassignments) to <see cref="Log"/>.</summary>
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

        if (!Enum.IsDefined(Init))
        {
            throw new ArgumentOutOfRangeException(nameof(Init), Init, $"Init {Init} is not a known method.");
        }

        if (InitRuns is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InitRuns), InitRuns, $"InitRuns must be at least 1 (or null for 'auto'); got {InitRuns}.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"MaxIterations must be at least 1; got {MaxIterations}.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must be at least 1; got {BatchSize}.");
        }

        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"Tolerance must be a finite number ≥ 0; got {Tolerance}.");
        }

        if (MaxNoImprovement is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNoImprovement), MaxNoImprovement, $"MaxNoImprovement must be at least 0 (or null to disable); got {MaxNoImprovement}.");
        }

        if (InitSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InitSize), InitSize, $"InitSize must be at least 1 (or null for 3 × batch size); got {InitSize}.");
        }

        if (!(ReassignmentRatio >= 0) || double.IsInfinity(ReassignmentRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(ReassignmentRatio), ReassignmentRatio, $"ReassignmentRatio must be a finite number ≥ 0; got {ReassignmentRatio}.");
        }

        if (MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, $"MaxDegreeOfParallelism must be at least 1 (or null); got {MaxDegreeOfParallelism}.");
        }
    }

    /// <summary>The thread count a fit uses.</summary>
    internal int ResolveThreads() => MaxDegreeOfParallelism ?? Environment.ProcessorCount;
}
