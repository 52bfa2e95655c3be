using System.Globalization;
using Centroid.Cli.Output;
using Centroid.Cli.Profiling;

namespace Centroid.Cli.Commands;

/// <summary>
/// <c>centroid profile</c>: the seed experiment. Generates the data (float64 and float32, dense and CSR), runs
/// <c>centroid fit</c> on each with each estimator in a child process of its own while sampling its resident memory,
/// runs the same command on the first 200 rows for the baseline, and prints the table and writes the charts.
/// </summary>
internal static class ProfileCommand
{
    /// <summary>The subdirectory of the generated data.</summary>
    public const string DataDirectory = "data";

    /// <summary>The subdirectory of the fits' outputs, one directory per run.</summary>
    public const string RunsDirectory = "runs";

    /// <summary>Profiles every case.</summary>
    /// <returns>The exit code: success whether or not the figures meet the bar, which the output states.</returns>
    /// <exception cref="PlatformNotSupportedException">Not Linux: memory is read from <c>/proc</c>.</exception>
    public static int Run(ProfileSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("profile reads each fit's memory from /proc, so it runs on Linux only");
        }

        OutputDirectory.Create(settings.OutputDirectory);
        string what = string.Create(
            CultureInfo.InvariantCulture,
            $"{settings.Samples} x {settings.Features} uniform [0, 1), k = {settings.Clusters}, seed {settings.Seed}");
        console.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"profile:    {what}; each fit in a process of its own, resident memory sampled every {ProcessMemorySampler.Interval.TotalMilliseconds:F0} ms"));

        string dataDirectory = Path.Combine(settings.OutputDirectory, DataDirectory);
        string memoryChart = Path.Combine(settings.OutputDirectory, ProfileCharts.MemoryOverTimeFile);
        string peakChart = Path.Combine(settings.OutputDirectory, ProfileCharts.PeakMemoryFile);
        List<CaseResult> results = [];
        using (var progress = new ProfileProgress(console))
        {
            progress.Show("writing the data");
            IReadOnlyList<ProfileInput> inputs = SeedData.Write(dataDirectory, settings.Samples, settings.Features, settings.Seed, settings.BaselineRows);

            ProfileCase[] cases = [.. ProfileAlgorithm.All.SelectMany(a => inputs.Select(i => new ProfileCase(i, a)))];
            string runs = Path.Combine(settings.OutputDirectory, RunsDirectory);
            var launcher = CentroidLauncher.Current();
            for (int i = 0; i < cases.Length; i++)
            {
                ProfileCase profileCase = cases[i];
                if (!profileCase.Algorithm.IsAvailable)
                {
                    results.Add(new CaseResult(profileCase, null, null));
                    continue;
                }

                ProfileInput input = profileCase.Input;
                progress.Show($"case {i + 1}/{cases.Length}: {profileCase.Name}, {input.Rows} rows…");
                FitRun full = FitProcess.Run(
                    launcher, input.Path, profileCase.Algorithm, settings.Clusters, settings.Seed, Path.Combine(runs, profileCase.Id), cancellationToken);
                progress.Show($"case {i + 1}/{cases.Length}: {profileCase.Name}, {input.BaselineRows} rows…");
                FitRun baseline = FitProcess.Run(
                    launcher, input.BaselinePath, profileCase.Algorithm, settings.Clusters, settings.Seed, Path.Combine(runs, $"{profileCase.Id}-{input.BaselineRows}rows"), cancellationToken);
                results.Add(new CaseResult(profileCase, full, baseline));
            }

            progress.Show("drawing the charts");
            ProfileCharts.WriteMemoryOverTime(memoryChart, results, what);
            ProfileCharts.WritePeakMemory(peakChart, results, what);
        }

        // Written once the progress line, on the same terminal, has been erased.
        console.Output.WriteLine($"data:       {dataDirectory} (float64 and float32 .npy, SciPy CSR .npz, and their first {settings.BaselineRows} rows)");
        console.Output.WriteLine();
        ProfileReport.WriteCases(console.Output, results);
        console.Output.WriteLine();
        bool smallerThanSeed = (long)settings.Samples * settings.Features < (long)GeneratedDataSettings.SeedSamples * GeneratedDataSettings.SeedFeatures;
        ProfileReport.WriteBar(console.Output, results, settings.BaselineRows, smallerThanSeed);
        console.Output.WriteLine();
        console.Output.WriteLine($"charts:     {memoryChart}, {peakChart}");
        return ExitCodes.Success;
    }
}
