using System.Globalization;
using Centroid.Cli.CommandLine;
using Centroid.Cli.Input;
using Centroid.IO;

namespace Centroid.Cli.Commands;

/// <summary>
/// The settings of <c>centroid fit</c>, parsed from its arguments; the defaults are scikit-learn's, taken from
/// <see cref="KMeansOptions"/> or <see cref="MiniBatchKMeansOptions"/> according to the algorithm.
/// </summary>
internal sealed record FitSettings
{
    /// <summary>Where the results go when <c>--out</c> is not given.</summary>
    public const string DefaultOutputDirectory = "./centroid-out";

    private static readonly KMeansOptions Defaults = new();
    private static readonly MiniBatchKMeansOptions MiniBatchDefaults = new();

    // The accepted names, as scikit-learn spells them; supporting another method or algorithm is one more entry.
    private static readonly (string Name, KMeansInit Init)[] InitMethods = [("k-means++", KMeansInit.KMeansPlusPlus), ("random", KMeansInit.Random)];
    private static readonly (string Name, FitAlgorithm Algorithm)[] Algorithms =
    [
        ("lloyd", FitAlgorithm.Lloyd), ("minibatch", FitAlgorithm.MiniBatch), ("elkan", FitAlgorithm.Elkan), ("auto", FitAlgorithm.Auto),
        ("hamerly", FitAlgorithm.Hamerly), ("exponion", FitAlgorithm.Exponion), ("yinyang", FitAlgorithm.Yinyang),
    ];
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

    /// <summary><c>--max-iter</c>; null for the algorithm's default (300 for lloyd, 100 passes for minibatch).</summary>
    public int? MaxIterations { get; init; }

    /// <summary><c>--tol</c>; null for the algorithm's default (1e-4 for lloyd, 0 for minibatch).</summary>
    public double? Tolerance { get; init; }

    /// <summary><c>--batch-size</c> (minibatch only); null for 1024.</summary>
    public int? BatchSize { get; init; }

    /// <summary><c>--seed</c>; null to draw one.</summary>
    public uint? Seed { get; init; }

    /// <summary><c>--threads</c>; null for all processors.</summary>
    public int? Threads { get; init; }

    /// <summary><c>--algorithm</c>; auto (Lloyd's result, by the fastest algorithm for the shape) unless given.</summary>
    public FitAlgorithm Algorithm { get; init; } = FitAlgorithm.Auto;

    public string OutputDirectory { get; init; } = DefaultOutputDirectory;

    public bool Verbose { get; init; }

    /// <summary><c>--dtype</c>: the element type of CSV input; null for float64. Only allowed with CSV input.</summary>
    public NpyDataType? CsvDataType { get; init; }

    /// <summary>The <c>--init</c> value: the method's name, or the centers file.</summary>
    public string InitName => InitialCentersPath ?? InitMethods.First(m => m.Init == Init).Name;

    public string AlgorithmName => Algorithms.First(a => a.Algorithm == Algorithm).Name;

    /// <summary>The iteration limit the fit uses.</summary>
    public int ResolvedMaxIterations => MaxIterations ?? (Algorithm == FitAlgorithm.MiniBatch ? MiniBatchDefaults.MaxIterations : Defaults.MaxIterations);

    /// <summary>The tolerance the fit uses.</summary>
    public double ResolvedTolerance => Tolerance ?? (Algorithm == FitAlgorithm.MiniBatch ? MiniBatchDefaults.Tolerance : Defaults.Tolerance);

    /// <summary>The mini-batch size asked for (minibatch only; the fit uses at most the number of samples).</summary>
    public int ResolvedBatchSize => BatchSize ?? MiniBatchDefaults.BatchSize;

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
                "--batch-size" => settings with { BatchSize = reader.ReadInt32(minimum: 1) },
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

        if (settings.BatchSize is not null && settings.Algorithm != FitAlgorithm.MiniBatch)
        {
            throw new UsageException($"--batch-size applies to --algorithm minibatch only, not {settings.AlgorithmName}");
        }

        if (InputFile.KindOf(settings.InputPath) != InputFileKind.Csv && settings.CsvDataType is not null)
        {
            throw new UsageException($"--dtype applies to CSV input only; '{settings.InputPath}' has its dtype in its header");
        }

        return settings;
    }

    /// <summary>The library options for a Lloyd fit.</summary>
    /// <param name="seed">The seed: <see cref="Seed"/>, or one drawn for this run.</param>
    /// <param name="log">Where verbose lines go (standard output).</param>
    public KMeansOptions ToOptions(uint seed, TextWriter log) => new()
    {
        Clusters = Clusters,
        Init = Init,
        InitRuns = InitRuns,
        MaxIterations = ResolvedMaxIterations,
        Tolerance = ResolvedTolerance,
        RandomState = seed,
        MaxDegreeOfParallelism = Threads,
        Algorithm = KMeansAlgorithmOf(Algorithm),
        Verbose = Verbose,
        Log = Verbose ? log : null,
    };

    /// <summary>The library options for a mini-batch fit; the options the command line does not set keep scikit-learn's defaults.</summary>
    /// <param name="seed">The seed: <see cref="Seed"/>, or one drawn for this run.</param>
    /// <param name="log">Where verbose lines go (standard output).</param>
    public MiniBatchKMeansOptions ToMiniBatchOptions(uint seed, TextWriter log) => new()
    {
        Clusters = Clusters,
        Init = Init,
        InitRuns = InitRuns,
        MaxIterations = ResolvedMaxIterations,
        BatchSize = ResolvedBatchSize,
        Tolerance = ResolvedTolerance,
        RandomState = seed,
        MaxDegreeOfParallelism = Threads,
        Verbose = Verbose,
        Log = Verbose ? log : null,
    };

    /// <summary>The <c>--algorithm</c> name of a KMeans iteration algorithm (what <c>summary.json</c> records as having run).</summary>
    public static string NameOf(KMeansAlgorithm algorithm) => Algorithms.First(a => KMeansAlgorithmOf(a.Algorithm) == algorithm && a.Algorithm != FitAlgorithm.MiniBatch).Name;

    /// <summary>The library's iteration algorithm for a KMeans <c>--algorithm</c> choice.</summary>
    private static KMeansAlgorithm KMeansAlgorithmOf(FitAlgorithm algorithm) => algorithm switch
    {
        FitAlgorithm.Elkan => KMeansAlgorithm.Elkan,
        FitAlgorithm.Auto => KMeansAlgorithm.Auto,
        FitAlgorithm.Hamerly => KMeansAlgorithm.Hamerly,
        FitAlgorithm.Exponion => KMeansAlgorithm.Exponion,
        FitAlgorithm.Yinyang => KMeansAlgorithm.Yinyang,
        _ => KMeansAlgorithm.Lloyd,
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
