namespace Centroid.Cli.Commands;

/// <summary>The settings of <c>centroid demo</c>: the size of the generated data, k, the seed and the output directory.</summary>
internal sealed record DemoSettings : GeneratedDataSettings
{
    /// <summary>Parses the arguments after <c>demo</c>.</summary>
    /// <exception cref="CommandLine.UsageException">An unknown option, a positional argument, a missing or invalid value, fewer samples than clusters, or data too large for one array.</exception>
    public static DemoSettings Parse(IReadOnlyList<string> arguments) =>
        Parse(arguments, "demo", new DemoSettings { OutputDirectory = "./centroid-demo" });
}
