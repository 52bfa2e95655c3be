using System.Diagnostics;
using System.Numerics;
using Centroid.Cli.Input;
using Centroid.Cli.Output;
using Centroid.IO;

namespace Centroid.Cli.Commands;

/// <summary>
/// <c>centroid fit</c>: reads INPUT in its own element type, fits k-means (Lloyd or mini-batch), and writes <c>centers.npy</c>,
/// <c>labels.npy</c> and <c>summary.json</c> to the output directory.
/// </summary>
internal static class FitCommand
{
    /// <summary>Runs the fit described by <paramref name="settings"/>.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(FitSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        InputFile input = InputFile.Inspect(settings.InputPath, settings.CsvDataType);

        // Before reading the data, so that an unusable DIR fails before a long read and fit rather than after.
        OutputDirectory.Create(settings.OutputDirectory);
        return input.DataType == NpyDataType.Float32
            ? Run<float>(settings, input, console, cancellationToken)
            : Run<double>(settings, input, console, cancellationToken);
    }

    private static int Run<T>(FitSettings settings, InputFile input, CliConsole console, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        InputMatrix<T> data = InputMatrix<T>.Read(input);
        if (data.Rows < settings.Clusters)
        {
            throw new InvalidDataException(
                $"{input.Path}: {data.Rows} samples, fewer than the {settings.Clusters} clusters asked for (-k {settings.Clusters}); k-means needs at least one sample per cluster.");
        }

        DenseMatrix<T>? initialCenters = settings.InitialCentersPath is string centersPath
            ? CentersFile.Read<T>(centersPath, settings.Clusters, data.Columns)
            : null;

        // Drawn here rather than by the library, so that summary.json can record it and the run can be repeated.
        uint seed = settings.Seed ?? (uint)System.Random.Shared.NextInt64(0, 1L << 32);
        cancellationToken.ThrowIfCancellationRequested();

        KMeansModel<T> model;
        TimeSpan fitTime;

        // No progress line with --verbose: it would interleave with the verbose lines on the same terminal.
        using (ConsoleProgress? progress = console.ErrorIsTerminal && !settings.Verbose ? new ConsoleProgress(console.Error) : null)
        {
            long start = Stopwatch.GetTimestamp();
            model = settings.Algorithm == FitAlgorithm.MiniBatch
                ? data.Fit(new MiniBatchKMeans<T>(settings.ToMiniBatchOptions(seed, console.Output)), initialCenters, progress, cancellationToken)
                : data.Fit(new KMeans<T>(settings.ToOptions(seed, console.Output)), initialCenters, progress, cancellationToken);
            fitTime = Stopwatch.GetElapsedTime(start);
        }

        string directory = settings.OutputDirectory;
        NpyWriter.Write(Path.Combine(directory, FitOutputFiles.Centers), model.Centers);
        NpyWriter.Write(Path.Combine(directory, FitOutputFiles.Labels), model.Labels.Span);
        var summary = new FitSummary
        {
            Input = Path.GetFullPath(input.Path),
            Format = input.FormatName,
            DataType = DataTypeNames.Of<T>(),
            Samples = data.Rows,
            Features = data.Columns,
            Clusters = model.Clusters,
            Algorithm = settings.Algorithm == FitAlgorithm.MiniBatch ? settings.AlgorithmName : FitSettings.NameOf(model.Algorithm),
            Init = settings.InitialCentersPath is string centers ? Path.GetFullPath(centers) : settings.InitName,
            InitRuns = model.InitRuns,
            Seed = seed,
            Tolerance = settings.ResolvedTolerance,
            MaxIterations = settings.ResolvedMaxIterations,
            BatchSize = settings.Algorithm == FitAlgorithm.MiniBatch ? Math.Min(settings.ResolvedBatchSize, data.Rows) : null,
            Steps = settings.Algorithm == FitAlgorithm.MiniBatch ? model.Steps : null,
            Threads = settings.ResolvedThreads,
            Inertia = model.Inertia,
            Iterations = model.Iterations,
            FitSeconds = fitTime.TotalSeconds,
            Warnings = model.Warnings,
        };

        // Last, so that a summary.json next to the arrays means they are complete.
        SummaryWriter.WriteJson(Path.Combine(directory, FitOutputFiles.Summary), summary);
        foreach (string warning in model.Warnings)
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        SummaryWriter.WriteText(console.Output, summary, input.Path, directory);
        return ExitCodes.Success;
    }
}
