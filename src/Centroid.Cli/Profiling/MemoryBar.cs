namespace Centroid.Cli.Profiling;

/// <summary>
/// The memory bar for a whole <c>centroid fit</c> process: its peak resident memory minus the peak of the same
/// command on 200 rows must be at most 1.1 × the input's bytes + the labels (4 bytes a row) + 8 MiB; and, for dense
/// input, float32's figure at most 0.55 × float64's.
/// </summary>
/// <remarks>
/// Subtracting the 200-row run removes what every run pays whatever the data (the .NET runtime, the tool's code), so
/// what is left is what the data costs: the input itself, the labels, and whatever else the fit allocates.
/// </remarks>
internal static class MemoryBar
{
    /// <summary>One mebibyte.</summary>
    public const long MiB = 1 << 20;

    /// <summary>The input's own bytes, with 10 % for what a fit may keep in proportion to it.</summary>
    public const double InputFactor = 1.1;

    /// <summary>The labels, int32: one per row.</summary>
    public const int LabelBytesPerRow = sizeof(int);

    /// <summary>What is left for everything that does not grow with the data.</summary>
    public const long AllowanceBytes = 8 * MiB;

    /// <summary>The most float32's figure may be, as a fraction of float64's, for dense input.</summary>
    public const double Float32Ratio = 0.55;

    /// <summary>The limit for an input of <paramref name="inputBytes"/> bytes and <paramref name="rows"/> rows.</summary>
    public static long Limit(long inputBytes, int rows) => (long)(InputFactor * inputBytes) + ((long)LabelBytesPerRow * rows) + AllowanceBytes;
}
