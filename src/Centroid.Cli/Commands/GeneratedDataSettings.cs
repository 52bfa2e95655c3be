using Centroid.Cli.CommandLine;

namespace Centroid.Cli.Commands;

/// <summary>
/// The options <c>centroid demo</c> and <c>centroid profile</c> share: the size of the generated data, k, the seed and
/// the output directory (each command's default).
/// </summary>
internal abstract record GeneratedDataSettings
{
    /// <summary>The seed experiment's samples (the default).</summary>
    public const int SeedSamples = 200_000;

    /// <summary>The seed experiment's features (the default).</summary>
    public const int SeedFeatures = 20;

    /// <summary>Samples generated; the seed experiment's by default.</summary>
    public int Samples { get; init; } = SeedSamples;

    /// <summary>Features generated; the seed experiment's by default.</summary>
    public int Features { get; init; } = SeedFeatures;

    /// <summary>k.</summary>
    public int Clusters { get; init; } = 8;

    /// <summary>Seeds both the data (System.Random) and the fits (RandomState); at most <see cref="int.MaxValue"/>, System.Random's seed range.</summary>
    public int Seed { get; init; }

    /// <summary>Where the command writes its files.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// Parses the arguments after <paramref name="command"/> over <paramref name="defaults"/>.
    /// </summary>
    /// <exception cref="UsageException">An unknown option, a positional argument, a missing or invalid value, fewer samples than clusters, or data too large for one array.</exception>
    protected static TSettings Parse<TSettings>(IReadOnlyList<string> arguments, string command, TSettings defaults)
        where TSettings : GeneratedDataSettings
    {
        var reader = new ArgumentReader(arguments, command);

        // A with-expression on the base type copies the derived record (its clone is virtual).
        GeneratedDataSettings settings = defaults;
        while (reader.MoveNext())
        {
            if (!reader.IsOption)
            {
                throw new UsageException($"unexpected argument '{reader.Current}'; {command} takes only options");
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

        // One array holds the data (and CSR's int32 row pointers reach n x d).
        if ((long)settings.Samples * settings.Features > Math.Min(Array.MaxLength, int.MaxValue))
        {
            throw new UsageException($"--n {settings.Samples} x --d {settings.Features} values do not fit in one array (at most {Array.MaxLength})");
        }

        return (TSettings)settings;
    }
}
