using System.Globalization;
using ScottPlot;

namespace Centroid.Cli.Profiling;

/// <summary>
/// The profile's two PNG charts: resident memory over time, one line per case (the picture mprof draws for the seed
/// experiment); and, per case, the input's size beside the peak above the 200-row run, with the bar's limit marked.
/// </summary>
internal static class ProfileCharts
{
    /// <summary>The file name of the memory-over-time chart.</summary>
    public const string MemoryOverTimeFile = "memory-over-time.png";

    /// <summary>The file name of the peak-memory bar chart.</summary>
    public const string PeakMemoryFile = "peak-memory.png";

    private const int Width = 1200;
    private const int Height = 720;

    // One colour per data file, so the same data keeps its colour across estimators; estimators differ by line pattern.
    private static readonly Color[] InputColors = [Colors.C0, Colors.C1, Colors.C2, Colors.C3];
    private static readonly Color InputBarColor = Colors.Gray.WithAlpha(0.6);
    private static readonly Color FigureBarColor = Colors.C0;
    private static readonly Color LimitColor = Colors.Red;

    /// <summary>Draws the memory of each full run over time.</summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="results">The cases; those that did not run are left out.</param>
    /// <param name="title">What was profiled, for the title.</param>
    public static void WriteMemoryOverTime(string path, IReadOnlyList<CaseResult> results, string title)
    {
        var plot = new Plot();
        IReadOnlyList<ProfileInput> inputs = Inputs(results);
        foreach (CaseResult result in results.Where(r => r.Ran))
        {
            IReadOnlyList<MemorySample> samples = result.Full!.Memory.Samples;
            double[] seconds = [.. samples.Select(s => s.Seconds)];
            double[] mebibytes = [.. samples.Select(s => ToMiB(s.ResidentBytes))];
            var line = plot.Add.ScatterLine(seconds, mebibytes);
            line.LegendText = result.Case.Name;
            line.Color = InputColors[IndexOf(inputs, result.Case.Input) % InputColors.Length];
            line.LineWidth = 2;
            line.LinePattern = result.Case.Algorithm == ProfileAlgorithm.KMeans ? LinePattern.Solid : LinePattern.Dashed;
        }

        plot.Title($"Resident memory of 'centroid fit' over time\n{title}");
        plot.XLabel("time since the process started (s)");
        plot.YLabel("resident memory, RSS (MiB)");
        plot.Axes.SetLimitsY(0, Math.Max(1, results.Where(r => r.Ran).Select(r => ToMiB(r.Full!.Memory.PeakBytes)).DefaultIfEmpty(1).Max()) * 1.08);
        plot.Axes.SetLimitsX(0, Math.Max(0.1, results.Where(r => r.Ran).Select(r => r.Full!.Memory.Samples.LastOrDefault().Seconds).DefaultIfEmpty(0.1).Max()) * 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Draws, per case, the input's size and the peak above the 200-row run, with the limit as a red mark.</summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="results">The cases; those that did not run are left out.</param>
    /// <param name="title">What was profiled, for the title.</param>
    public static void WritePeakMemory(string path, IReadOnlyList<CaseResult> results, string title)
    {
        var plot = new Plot();
        var ran = results.Where(r => r.Ran).ToList();
        int baselineRows = ran.Count > 0 ? ran[0].Case.Input.BaselineRows : SeedData.BaselineRows;
        var ticks = new List<Tick>();
        for (int i = 0; i < ran.Count; i++)
        {
            CaseResult result = ran[i];
            double center = i * 3;
            double figure = ToMiB(result.PeakAboveBaselineBytes);
            double limit = ToMiB(result.LimitBytes);
            Bar[] bars =
            [
                new Bar { Position = center - 0.5, Value = ToMiB(result.Case.Input.Bytes), FillColor = InputBarColor, Size = 1, Label = Format(ToMiB(result.Case.Input.Bytes)) },
                new Bar { Position = center + 0.5, Value = figure, FillColor = FigureBarColor, Size = 1, Label = Format(figure) },
            ];
            plot.Add.Bars(bars).ValueLabelStyle.FontSize = 13;

            var mark = plot.Add.Line(center - 0.1, limit, center + 1.1, limit);
            mark.Color = LimitColor;
            mark.LineWidth = 3;
            ticks.Add(new Tick(center, result.Case.Name.Replace(' ', '\n')));
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-1.5, Math.Max(1, (ran.Count * 3) - 1.5));
        plot.Axes.SetLimitsY(0, Math.Max(1, ran.Select(r => Math.Max(ToMiB(r.LimitBytes), ToMiB(r.PeakAboveBaselineBytes))).DefaultIfEmpty(1).Max()) * 1.15);

        plot.Title($"Peak memory of 'centroid fit' above the same command on {baselineRows} rows\n{title}");
        plot.YLabel("memory (MiB)");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "input (data + indices + indptr for CSR)", FillColor = InputBarColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"peak RSS minus the {baselineRows}-row run's peak RSS", FillColor = FigureBarColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "limit: 1.1 × input + 4 B × rows + 8 MiB", LineColor = LimitColor, LineWidth = 3 });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    private static IReadOnlyList<ProfileInput> Inputs(IReadOnlyList<CaseResult> results) => [.. results.Select(r => r.Case.Input).Distinct()];

    private static int IndexOf(IReadOnlyList<ProfileInput> inputs, ProfileInput input)
    {
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] == input)
            {
                return i;
            }
        }

        return 0;
    }

    private static double ToMiB(long bytes) => bytes / (double)MemoryBar.MiB;

    private static string Format(double mebibytes) => mebibytes.ToString("F1", CultureInfo.InvariantCulture);
}
