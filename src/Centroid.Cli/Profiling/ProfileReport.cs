using System.Globalization;
using Centroid.Cli.Input;

namespace Centroid.Cli.Profiling;

/// <summary>
/// The profile's results as text: a table of the cases (input, peak memory, fit time, iterations, inertia), then each
/// case's figure against the memory bar, and the float32/float64 ratio for dense input.
/// </summary>
internal static class ProfileReport
{
    private const string NotAvailable = "not available yet";

    private static IFormatProvider Invariant => CultureInfo.InvariantCulture;

    /// <summary>The cases: input MiB, peak above the pre-load memory, fit seconds, iterations and inertia.</summary>
    public static void WriteCases(TextWriter output, IReadOnlyList<CaseResult> results)
    {
        var table = new TextTable("case", "input MiB", "peak over pre-load MiB", "fit s", "iterations", "inertia");
        foreach (CaseResult result in results)
        {
            if (!result.Ran)
            {
                table.AddNote(result.Case.Name, $"{NotAvailable} ('centroid fit {string.Join(' ', result.Case.Algorithm.FitArguments)}' is not accepted)");
                continue;
            }

            FitRun full = result.Full!;
            table.AddRow(
                result.Case.Name,
                MiB(result.Case.Input.Bytes),
                MiB(result.PeakAbovePreLoadBytes),
                full.FitSeconds.ToString("F2", Invariant),
                full.Iterations.ToString(Invariant),
                full.Inertia.ToString("G8", Invariant));
        }

        table.Write(output);
        output.WriteLine(
            "  pre-load: the child's resident memory just before it read its input (runtime and tool started, no data);");
        output.WriteLine(
            "  input: n x d x itemsize for dense; data + indices + indptr for CSR. fit s: the fit alone (summary.json).");
    }

    /// <summary>Each case's peak minus the baseline run's peak against the bar; the float32/float64 ratio for dense input.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="results">The cases.</param>
    /// <param name="baselineRows">The rows of the baseline runs.</param>
    /// <param name="smallerThanSeed">Whether the data is smaller than the seed experiment's, for which the bar is set.</param>
    /// <returns>Whether every case that ran, and every ratio, is within the bar.</returns>
    public static bool WriteBar(TextWriter output, IReadOnlyList<CaseResult> results, int baselineRows, bool smallerThanSeed)
    {
        output.WriteLine(string.Create(
            Invariant,
            $"memory bar: peak RSS of 'centroid fit' minus peak RSS of the same command on {baselineRows} rows <= {MemoryBar.InputFactor} x input + {MemoryBar.LabelBytesPerRow} B x rows + {MemoryBar.AllowanceBytes / MemoryBar.MiB} MiB"));
        var table = new TextTable("case", "peak MiB", $"{baselineRows}-row peak MiB", "difference MiB", "limit MiB", string.Empty);
        bool allPass = true;
        foreach (CaseResult result in results)
        {
            if (!result.Ran)
            {
                table.AddNote(result.Case.Name, NotAvailable);
                continue;
            }

            allPass &= result.WithinLimit;
            table.AddRow(
                result.Case.Name,
                MiB(result.Full!.Memory.PeakBytes),
                MiB(result.Baseline!.Memory.PeakBytes),
                MiB(result.PeakAboveBaselineBytes),
                MiB(result.LimitBytes),
                Verdict(result.WithinLimit));
        }

        table.Write(output);
        foreach (ProfileAlgorithm algorithm in results.Select(r => r.Case.Algorithm).Distinct())
        {
            CaseResult? float32 = Find(results, algorithm, DataTypeNames.Float32);
            CaseResult? float64 = Find(results, algorithm, DataTypeNames.Float64);
            if (float32 is not { Ran: true } || float64 is not { Ran: true })
            {
                continue;
            }

            double ratio = float32.PeakAboveBaselineBytes / (double)float64.PeakAboveBaselineBytes;
            bool pass = ratio <= MemoryBar.Float32Ratio;
            allPass &= pass;
            output.WriteLine(string.Create(
                Invariant,
                $"float32 / float64, dense {algorithm.Label}: {MiB(float32.PeakAboveBaselineBytes)} / {MiB(float64.PeakAboveBaselineBytes)} MiB = {ratio:F3} (limit {MemoryBar.Float32Ratio})  {Verdict(pass)}"));
        }

        if (smallerThanSeed)
        {
            // The runtime's own share (threads, code compiled for a longer run) does not shrink with the data.
            output.WriteLine(
                "  the bar is set for the seed's 200000 x 20: on smaller data the runtime's own MiB or two weigh more, the ratio most.");
        }

        return allPass;
    }

    private static CaseResult? Find(IReadOnlyList<CaseResult> results, ProfileAlgorithm algorithm, string dataType) =>
        results.FirstOrDefault(r => r.Case.Algorithm == algorithm && r.Case.Input.Format == "dense" && r.Case.Input.DataType == dataType);

    private static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    private static string MiB(long bytes) => (bytes / (double)MemoryBar.MiB).ToString("F1", Invariant);
}
