using System.Globalization;
using Centroid.Cli.CommandLine;
using Centroid.Cli.Input;
using Centroid.IO;

namespace Centroid.Cli.Commands;

/// <summary>The settings of <c>centroid fit</c>, parsed from its arguments; the defaults are scikit-learn's, taken from <see cref="KMeansOptions"/>.</summary>
internal sealed record FitSettings
{
    /// <summary>Where the results go when <c>--out</c> is not given.</summary>
    public const string DefaultOutputDirectory = "./centroid-out";

    private static readonly KMeansOptions Defaults = new();

    // The accepted names, as scikit-learn spells them; supporting another method or algorithm is one more entry.
    private static readonly (string Name, KMeansInit Init)[] InitMethods = [("k-means++", KMeansInit.KMeansPlusPlus), ("random", KMeansInit.Random)];
    private static readonly (string Name, KMeansAlgorithm Algorithm)[] Algorithms = [("lloyd", KMeansAlgorithm.Lloyd)];
    private static readonly (string Name, NpyDataType DataType)[] CsvDataTypes = [(DataTypeNames.Float32, NpyDataType.Float32), (DataTypeNames.Float64, NpyDataType.Float64)];

    /// <summary>The data file.</summary>
    public required string InputPath { get; init; }

    /// <summary>k, from <c>-k</c>.</summary>
    public required int Clusters { get; init; }

    /// <summary>The initialisation method, when <see cref="InitialCentersPath"/> is null.</summary>
    public KMeansInit Init { get; init; } = Defaults.Init;

    /// <summary>A <c>.npy</c> of k × d initial centers given as <c>--init</c>, or null.</summary>
    public string? InitialCentersPath { get; init; }

    /// <summary><c>--n-init</c>; null for 'auto'.</summary>
    public int? InitRuns { get; init; } = Defaults.InitRuns;

    public int MaxIterations { get; init; } = Defaults.MaxIterations;

    public double Tolerance { get; init; } = Defaults.Tolerance;

    /// <summary><c>--seed</c>; null to draw one.</summary>
    public uint? Seed { get; init; }

    /// <summary><c>--threads</c>; null for all processors.</summary>
    public int? Threads { get; init; }

    public KMeansAlgorithm Algorithm { get; init; } = Defaults.Algorithm;

    public string OutputDirectory { get; init; } = DefaultOutputDirectory;

    public bool Verbose { get; init; }

    /// <summary><c>--dtype</c>: the element type of CSV input; null for float64. Only allowed with CSV input.</summary>
    public NpyDataType? CsvDataType { get; init; }

    /// <summary>The <c>--init</c> value: the method's name, or the centers file.</summary>
    public string InitName => InitialCentersPath ?? InitMethods.First(m => m.Init == Init).Name;

    public string AlgorithmName => Algorithms.First(a => a.Algorithm == Algorithm).Name;

    /// <summary>The thread count the fit uses.</summary>
    public int ResolvedThreads => Threads ?? Environment.ProcessorCount;

    /// <summary>Parses the arguments after <c>fit</c>.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or invalid value, no INPUT, or no <c>-k</c>.</exception>
    public static FitSettings Parse(IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments, "fit");

        // The two required values are checked after the loop.
        var settings = new FitSettings { InputPath = string.Empty, Clusters = 0 };
        while (reader.MoveNext())
        {
            if (!reader.IsOption)
            {
                settings = settings.InputPath.Length == 0
                    ? settings with { InputPath = reader.Current }
                    : throw new UsageException($"unexpected argument '{reader.Current}'; fit takes one INPUT file");
                continue;
            }

            settings = reader.Current switch
            {
                "-k" => settings with { Clusters = reader.ReadInt32(minimum: 1) },
                "--init" => WithInit(settings, reader),
                "--n-init" => settings with { InitRuns = ReadInitRuns(reader) },
                "--max-iter" => settings with { MaxIterations = reader.ReadInt32(minimum: 1) },
                "--tol" => settings with { Tolerance = reader.ReadNonNegativeDouble() },
                "--seed" => settings with { Seed = reader.ReadUInt32() },
                "--threads" => settings with { Threads = reader.ReadInt32(minimum: 1) },
                "--algorithm" => settings with { Algorithm = ReadChoice(reader, Algorithms) },
                "--out" => settings with { OutputDirectory = reader.ReadValue() },
                "--verbose" => settings with { Verbose = reader.ReadFlag() },
                "--dtype" => settings with { CsvDataType = ReadChoice(reader, CsvDataTypes) },
                _ => throw reader.UnknownOption(),
            };
        }

        if (settings.InputPath.Length == 0)
        {
            throw new UsageException("fit needs an INPUT file (.npy, .npz or .csv)");
        }

        if (settings.Clusters == 0)
        {
            throw new UsageException("fit needs the number of clusters: -k K");
        }

        if (InputFile.KindOf(settings.InputPath) != InputFileKind.Csv && settings.CsvDataType is not null)
        {
            throw new UsageException($"--dtype applies to CSV input only; '{settings.InputPath}' has its dtype in its header");
        }

        return settings;
    }

    /// <summary>The library options for this fit.</summary>
    /// <param name="seed">The seed: <see cref="Seed"/>, or one drawn for this run.</param>
    /// <param name="log">Where verbose lines go (standard output).</param>
    public KMeansOptions ToOptions(uint seed, TextWriter log) => new()
    {
        Clusters = Clusters,
        Init = Init,
        InitRuns = InitRuns,
        MaxIterations = MaxIterations,
        Tolerance = Tolerance,
        RandomState = seed,
        MaxDegreeOfParallelism = Threads,
        Algorithm = Algorithm,
        Verbose = Verbose,
        Log = Verbose ? log : null,
    };

    private static FitSettings WithInit(FitSettings settings, ArgumentReader reader)
    {
        string value = reader.ReadValue();
        foreach ((string name, KMeansInit init) in InitMethods)
        {
            if (value == name)
            {
                return settings with { Init = init, InitialCentersPath = null };
            }
        }

        return value.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
            ? settings with { InitialCentersPath = value }
            : throw reader.InvalidChoice(value, $"{string.Join(", ", InitMethods.Select(m => m.Name))}, or a .npy file of initial centers");
    }

    private static int? ReadInitRuns(ArgumentReader reader)
    {
        string value = reader.ReadValue();
        if (value == "auto")
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int runs) && runs >= 1
            ? runs
            : throw reader.InvalidChoice(value, "auto, or an integer of at least 1");
    }

    private static TValue ReadChoice<TValue>(ArgumentReader reader, (string Name, TValue Value)[] choices)
    {
        string value = reader.ReadValue();
        foreach ((string name, TValue choice) in choices)
        {
            if (value == name)
            {
                return choice;
            }
        }

        throw reader.InvalidChoice(value, string.Join(", ", choices.Select(c => c.Name)));
    }
}
