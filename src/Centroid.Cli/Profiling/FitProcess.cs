using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Centroid.Cli.Output;

namespace Centroid.Cli.Profiling;

/// <summary>Runs <c>centroid fit</c> in a child process of its own, so that its memory is its alone, and samples it.</summary>
internal static class FitProcess
{
    /// <summary>The child's standard output, in its output directory.</summary>
    public const string OutputLog = "stdout.txt";

    /// <summary>The child's standard error, in its output directory.</summary>
    public const string ErrorLog = "stderr.txt";

    /// <summary>The child's peak resident memory in bytes, written as it exits (see <see cref="PeakMemoryRecorder"/>).</summary>
    public const string PeakFile = "peak-rss.txt";

    /// <summary>
    /// Runs <c>centroid fit INPUT -k K --seed S --n-init 1 [ALGORITHM OPTIONS] --out DIR</c>, sampling its memory, and
    /// reads its <c>summary.json</c>.
    /// </summary>
    /// <exception cref="FitProcessException">The child failed or wrote no summary.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the child has been killed.</exception>
    public static FitRun Run(
        CentroidLauncher launcher, string inputPath, ProfileAlgorithm algorithm, int clusters, int seed, string outputDirectory, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "fit", inputPath, "-k", Invariant(clusters), "--seed", Invariant(seed), "--n-init", "1", .. algorithm.FitArguments, "--out", outputDirectory,
        ];

        // A summary left by an earlier profile must not pass for this run's.
        OutputDirectory.Create(outputDirectory);
        string summaryPath = Path.Combine(outputDirectory, FitOutputFiles.Summary);
        File.Delete(summaryPath);

        string peakFile = Path.Combine(outputDirectory, PeakFile);
        File.Delete(peakFile);
        using var process = new Process { StartInfo = launcher.StartInfo(arguments, peakFile) };
        long started = Stopwatch.GetTimestamp();
        process.Start();

        // Drained as the child writes, so that a full pipe never blocks it.
        Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        MemoryTrace memory = ProcessMemorySampler.Sample(process, started, inputPath, cancellationToken);
        process.WaitForExit();
        File.WriteAllText(Path.Combine(outputDirectory, OutputLog), output.Result);
        File.WriteAllText(Path.Combine(outputDirectory, ErrorLog), error.Result);
        if (process.ExitCode != 0 || !File.Exists(summaryPath))
        {
            string reason = error.Result.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit status {process.ExitCode}";
            throw new FitProcessException($"'{launcher.Describe(arguments)}' failed: {reason}");
        }

        // The child's own reading at exit, when the hook ran; the sampled one otherwise.
        if (File.Exists(peakFile) && long.TryParse(File.ReadAllText(peakFile), NumberStyles.None, CultureInfo.InvariantCulture, out long exitPeak))
        {
            memory = memory with { PeakBytes = Math.Max(memory.PeakBytes, exitPeak) };
        }

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
        JsonElement root = summary.RootElement;
        return new FitRun(memory, root.GetProperty("fit_seconds").GetDouble(), root.GetProperty("iterations").GetInt32(), root.GetProperty("inertia").GetDouble());
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
