namespace Centroid.Cli.Output;

/// <summary>The names of the files a fit writes to its output directory; scripts depend on them.</summary>
internal static class FitOutputFiles
{
    public const string Centers = "centers.npy";
    public const string Labels = "labels.npy";
    public const string Summary = "summary.json";
}
