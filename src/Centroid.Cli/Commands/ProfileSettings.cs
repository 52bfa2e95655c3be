using Centroid.Cli.Profiling;

namespace Centroid.Cli.Commands;

/// <summary>The settings of <c>centroid profile</c>: the seed experiment's data size, k, the seed and the output directory.</summary>
internal sealed record ProfileSettings : GeneratedDataSettings
{
    /// <summary>
    /// The rows of the baseline runs: the 200, but never more than the data has, and at least k, since a fit
    /// needs a sample per cluster.
    /// </summary>
    public int BaselineRows => Math.Min(Samples, Math.Max(SeedData.BaselineRows, Clusters));

    /// <summary>Parses the arguments after <c>profile</c>.</summary>
    /// <exception cref="CommandLine.UsageException">An unknown option, a positional argument, a missing or invalid value, fewer samples than clusters, or data too large for one array.</exception>
    public static ProfileSettings Parse(IReadOnlyList<string> arguments) =>
        Parse(arguments, "profile", new ProfileSettings { OutputDirectory = "./centroid-profile" });
}
