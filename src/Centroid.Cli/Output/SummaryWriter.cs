using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Centroid.Cli.Output;

/// <summary>Writes a <see cref="FitSummary"/>: as <c>summary.json</c>, and as a few lines for a person reading the terminal.</summary>
internal static class SummaryWriter
{
    // Relaxed escaping keeps "k-means++" and non-ASCII paths readable; the file is never embedded in HTML.
    private static readonly FitSummaryJsonContext Json = new(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Writes the summary as indented JSON to a temporary file in the directory, then moves it into place.</summary>
    /// <param name="path">The destination, e.g. <c>DIR/summary.json</c>; replaced if it exists.</param>
    /// <param name="summary">The summary.</param>
    public static void WriteJson(string path, FitSummary summary)
    {
        string destination = Path.GetFullPath(path);
        string temporary = Path.Combine(
            Path.GetDirectoryName(destination) ?? ".", $".{Path.GetFileName(destination)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, summary, Json.FitSummary);
                stream.WriteByte((byte)'\n');
            }

            File.Move(temporary, destination, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Writes a short human-readable account of the fit.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="summary">The summary.</param>
    /// <param name="inputName">The input as given on the command line.</param>
    /// <param name="outputDirectory">Where the files were written, as given on the command line.</param>
    public static void WriteText(TextWriter output, FitSummary summary, string inputName, string outputDirectory)
    {
        IFormatProvider invariant = CultureInfo.InvariantCulture;
        string runs = summary.InitRuns == 1 ? "1 run" : $"{summary.InitRuns} runs";
        output.WriteLine(string.Create(invariant, $"input:      {inputName} ({summary.Samples} samples x {summary.Features} features, {summary.DataType}, {summary.Format})"));
        output.WriteLine(string.Create(invariant, $"k-means:    {summary.Clusters} clusters, init {summary.Init}, {runs}, seed {summary.Seed}, {summary.Algorithm}"));
        output.WriteLine(summary.Steps is long steps
            ? string.Create(invariant, $"inertia:    {summary.Inertia:G10} after {summary.Iterations} passes ({steps} batches of {summary.BatchSize})")
            : string.Create(invariant, $"inertia:    {summary.Inertia:G10} after {summary.Iterations} iterations"));
        output.WriteLine(string.Create(invariant, $"fit time:   {summary.FitSeconds:F3} s on up to {summary.Threads} threads"));
        output.WriteLine($"written to: {outputDirectory} ({FitOutputFiles.Centers}, {FitOutputFiles.Labels}, {FitOutputFiles.Summary})");
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure is the one to report.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
