using Centroid.Cli.CommandLine;

namespace Centroid.Cli.Commands;

/// <summary>The settings of <c>centroid demo</c>: the size of the generated data, k, the seed and the output directory.</summary>
internal sealed record DemoSettings
{
    public int Samples { get; init; } = 200_000;

    public int Features { get; init; } = 20;

    public int Clusters { get; init; } = 8;

    /// <summary>Seeds both the data (System.Random) and the fit (RandomState); at most <see cref="int.MaxValue"/>, System.Random's seed range.</summary>
    public int Seed { get; init; }

    public string OutputDirectory { get; init; } = "./centroid-demo";

    /// <summary>Parses the arguments after <c>demo</c>.</summary>
    /// <exception cref="UsageException">An unknown option, a positional argument, a missing or invalid value, or data too large for one array.</exception>
    public static DemoSettings Parse(IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments, "demo");
        var settings = new DemoSettings();
        while (reader.MoveNext())
        {
            if (!reader.IsOption)
            {
                throw new UsageException($"unexpected argument '{reader.Current}'; demo takes only options");
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

        if ((long)settings.Samples * settings.Features > Array.MaxLength)
        {
            throw new UsageException($"--n {settings.Samples} x --d {settings.Features} values do not fit in one array (at most {Array.MaxLength})");
        }

        return settings;
    }
}
