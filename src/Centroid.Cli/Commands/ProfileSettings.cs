using Centroid.Cli.CommandLine;
using Centroid.Cli.Profiling;

namespace Centroid.Cli.Commands;

/// <summary>The settings of <c>centroid profile</c>: the seed experiment's data size, k, the seed and the output directory.</summary>
internal sealed record ProfileSettings
{
    /// <summary>The seed experiment's samples.</summary>
    public const int SeedSamples = 200_000;

    /// <summary>The seed experiment's features.</summary>
    public const int SeedFeatures = 20;

    /// <summary>Samples; the seed experiment's by default.</summary>
    public int Samples { get; init; } = SeedSamples;

    /// <summary>Features; the seed experiment's by default.</summary>
    public int Features { get; init; } = SeedFeatures;

    public int Clusters { get; init; } = 8;

    /// <summary>Seeds both the data (System.Random) and every fit (<c>--seed</c>); at most <see cref="int.MaxValue"/>, System.Random's seed range.</summary>
    public int Seed { get; init; }

    public string OutputDirectory { get; init; } = "./centroid-profile";

    /// <summary>
    /// The rows of the baseline runs: the 200, but never more than the data has, and at least k, since a fit
    /// needs a sample per cluster.
    /// </summary>
    public int BaselineRows => Math.Min(Samples, Math.Max(SeedData.BaselineRows, Clusters));

    /// <summary>Parses the arguments after <c>profile</c>.</summary>
    /// <exception cref="UsageException">An unknown option, a positional argument, a missing or invalid value, fewer samples than clusters, or data too large for one array.</exception>
    public static ProfileSettings Parse(IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments, "profile");
        var settings = new ProfileSettings();
        while (reader.MoveNext())
        {
            if (!reader.IsOption)
            {
                throw new UsageException($"unexpected argument '{reader.Current}'; profile takes only options");
            }

            settings = reader.Current switch
            {
                "--n" => settings with { Samples = reader.ReadInt32(minimum: 1) },
                "--d" => settings with { Features = reader.ReadInt32(minimum: 1) },
                "-k" => settings with { Clusters = reader.ReadInt32(minimum: 1) },
                "--seed" => settings with { Seed = reader.ReadInt32(minimum: 0) },
                "--out" => settings with { OutputDirectory = reader.ReadValue() },
                _ => throw reader.UnknownOption(),
            };
        }

        if (settings.Samples < settings.Clusters)
        {
            throw new UsageException($"--n {settings.Samples} is fewer than the {settings.Clusters} clusters of -k; k-means needs a sample per cluster");
        }

        // CSR's int32 row pointers reach n x d.
        if ((long)settings.Samples * settings.Features > Math.Min(Array.MaxLength, int.MaxValue))
        {
            throw new UsageException($"--n {settings.Samples} x --d {settings.Features} values do not fit in one array (at most {Array.MaxLength})");
        }

        return settings;
    }
}
