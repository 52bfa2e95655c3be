namespace Centroid.IO;

/// <summary>Options for <see cref="CsvMatrixReader.Read{T}(string, CsvReadOptions?)"/>.</summary>
public sealed class CsvReadOptions
{
    /// <summary>The defaults: comma-separated, header row detected automatically.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>The field separator; a comma by default. Tab and semicolon are common alternatives.</summary>
    /// <remarks>It cannot be a double quote or a line break. A space separates fields one space each: runs of spaces are not collapsed.</remarks>
    public char Delimiter { get; init; } = ',';

    /// <summary>
    /// Whether the first non-blank line is a header row: <see langword="true"/> to always skip it,
    /// <see langword="false"/> to always read it as data, <see langword="null"/> (the default) to detect it:
    /// the first line is a header when one of its fields is neither empty nor a number.
    /// </summary>
    /// <remarks>Detection cannot tell a header of numeric names (pandas writes <c>0,1,2</c> for unnamed columns) from data; set <see langword="true"/> for those.</remarks>
    public bool? HasHeader { get; init; }
}
