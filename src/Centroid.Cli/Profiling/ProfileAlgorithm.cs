using Centroid.Cli.CommandLine;
using Centroid.Cli.Commands;

namespace Centroid.Cli.Profiling;

/// <summary>An estimator the profile runs, and the <c>centroid fit</c> options that select it.</summary>
/// <param name="Label">The scikit-learn class name shown in the table: <c>KMeans</c>, <c>MiniBatchKMeans</c>.</param>
/// <param name="Id">A short name for directories: <c>kmeans</c>, <c>minibatch</c>.</param>
/// <param name="FitArguments">Added to <c>centroid fit</c>'s arguments.</param>
internal sealed record ProfileAlgorithm(string Label, string Id, IReadOnlyList<string> FitArguments)
{
    /// <summary>KMeans with its defaults (Lloyd).</summary>
    public static readonly ProfileAlgorithm KMeans = new("KMeans", "kmeans", []);

    /// <summary>MiniBatchKMeans with its defaults.</summary>
    public static readonly ProfileAlgorithm MiniBatchKMeans = new("MiniBatchKMeans", "minibatch", ["--algorithm", "minibatch"]);

    /// <summary>The estimators in table order.</summary>
    public static IReadOnlyList<ProfileAlgorithm> All { get; } = [KMeans, MiniBatchKMeans];

    /// <summary>
    /// Whether this build's <c>centroid fit</c> accepts <see cref="FitArguments"/>: asked of the same parser the
    /// children use, so an estimator shows up in the profile as soon as <c>fit</c> has it.
    /// </summary>
    public bool IsAvailable
    {
        get
        {
            try
            {
                FitSettings.Parse(["probe.npy", "-k", "1", .. FitArguments]);
                return true;
            }
            catch (UsageException)
            {
                return false;
            }
        }
    }
}
