namespace Centroid.Cli.Profiling;

/// <summary>A case's two runs, on the data and on its first 200 rows, or neither when the estimator is not available yet.</summary>
/// <param name="Case">The case.</param>
/// <param name="Full">The run on the whole data; null when not available.</param>
/// <param name="Baseline">The same command on the baseline rows; null when not available.</param>
internal sealed record CaseResult(ProfileCase Case, FitRun? Full, FitRun? Baseline)
{
    /// <summary>Whether the case ran.</summary>
    public bool Ran => Full is not null && Baseline is not null;

    /// <summary>The peak above the resident memory the child had before it read its input (the table's column).</summary>
    /// <remarks>
    /// When the child had read its input by the first sample (a tiny input), the baseline run's peak stands in for the
    /// pre-load memory: it is the same command with (almost) no data.
    /// </remarks>
    public long PeakAbovePreLoadBytes => Full!.Memory.PeakBytes - (Full.Memory.PreLoadBytes ?? Baseline!.Memory.PeakBytes);

    /// <summary>The figure: peak of the run on the data minus the peak of the same command on the baseline rows.</summary>
    public long PeakAboveBaselineBytes => Full!.Memory.PeakBytes - Baseline!.Memory.PeakBytes;

    /// <summary>The bar for this case's figure.</summary>
    public long LimitBytes => MemoryBar.Limit(Case.Input.Bytes, Case.Input.Rows);

    /// <summary>Whether the figure is within the bar.</summary>
    public bool WithinLimit => PeakAboveBaselineBytes <= LimitBytes;
}
