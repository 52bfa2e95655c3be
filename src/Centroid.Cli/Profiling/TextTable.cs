namespace Centroid.Cli.Profiling;

/// <summary>
/// A plain-text table for the terminal: the first column left-aligned, the others right-aligned, two spaces apart.
/// A note row holds its first cell and free text that does not widen the columns.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    private readonly List<string[]> _rows = [];
    private readonly List<bool> _isNote = [];

    /// <param name="header">The column headings.</param>
    public TextTable(params string[] header) => AddRow(header);

    /// <summary>Adds a row of cells, one per column.</summary>
    public void AddRow(params string[] cells)
    {
        _rows.Add(cells);
        _isNote.Add(false);
    }

    /// <summary>Adds a row of its first cell and then <paramref name="note"/> across the other columns.</summary>
    public void AddNote(string first, string note)
    {
        _rows.Add([first, note]);
        _isNote.Add(true);
    }

    /// <summary>Writes the table, one line per row.</summary>
    public void Write(TextWriter output)
    {
        int columns = _rows.Where((_, i) => !_isNote[i]).Max(r => r.Length);
        int[] widths = new int[columns];
        for (int r = 0; r < _rows.Count; r++)
        {
            string[] row = _rows[r];
            for (int c = 0; c < row.Length && (c == 0 || !_isNote[r]); c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        for (int r = 0; r < _rows.Count; r++)
        {
            string[] row = _rows[r];
            string line = _isNote[r]
                ? row[0].PadRight(widths[0]) + Gap + row[1]
                : string.Join(Gap, row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
            output.WriteLine(line.TrimEnd());
        }
    }
}
