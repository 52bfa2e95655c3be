namespace Centroid.Cli.Profiling;

/// <summary>
/// One self-updating status line on standard error (<c>profile: case 3/8: float64 csr KMeans…</c>) while the profile
/// runs, when standard error is a terminal; nothing when it is redirected, so logs hold only the results.
/// </summary>
internal sealed class ProfileProgress : IDisposable
{
    private readonly TextWriter? _error;
    private int _lineLength;

    /// <param name="console">Where to write; the line is shown only when its standard error is a terminal.</param>
    public ProfileProgress(CliConsole console) => _error = console.ErrorIsTerminal ? console.Error : null;

    /// <summary>Replaces the line with <paramref name="status"/>.</summary>
    public void Show(string status)
    {
        if (_error is null)
        {
            return;
        }

        string line = "profile: " + status;

        // Pad over the rest of a longer previous line.
        _error.Write('\r' + line.PadRight(_lineLength));
        _error.Flush();
        _lineLength = line.Length;
    }

    /// <summary>Erases the line, so the results that follow start on a clean line.</summary>
    public void Dispose()
    {
        if (_error is not null && _lineLength > 0)
        {
            _error.Write('\r' + new string(' ', _lineLength) + '\r');
            _error.Flush();
            _lineLength = 0;
        }
    }
}
