using System.Diagnostics;
using System.Globalization;

namespace Centroid.Cli.Output;

/// <summary>
/// A single self-updating line on a terminal's standard error (<c>fit: run 1/1, iteration 12/300, inertia 1234.5</c>),
/// shown once a fit has run for a second, and erased by <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Reports are handled synchronously on the reporting thread: <see cref="Progress{T}"/> would post them to the thread
/// pool, where they could arrive after the line has been erased.
/// </remarks>
internal sealed class ConsoleProgress : IProgress<KMeansProgress>, IDisposable
{
    // Short fits finish without drawing anything; long ones redraw at most ten times a second.
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TimeSpan _lastDrawn;
    private int _lineLength;

    /// <param name="error">Standard error, known to be a terminal.</param>
    public ConsoleProgress(TextWriter error) => _error = error;

    public void Report(KMeansProgress value)
    {
        lock (_lock)
        {
            TimeSpan now = _clock.Elapsed;
            if (now < Delay || now - _lastDrawn < RedrawInterval)
            {
                return;
            }

            string line = string.Create(
                CultureInfo.InvariantCulture,
                $"fit: run {value.Run + 1}/{value.Runs}, iteration {value.Iteration + 1}/{value.MaxIterations}, inertia {value.Inertia:G6}");

            // Pad over the rest of a longer previous line.
            _error.Write('\r' + line.PadRight(_lineLength));
            _error.Flush();
            _lineLength = line.Length;
            _lastDrawn = now;
        }
    }

    /// <summary>Erases the line, if one was drawn.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_lineLength > 0)
            {
                _error.Write('\r' + new string(' ', _lineLength) + '\r');
                _error.Flush();
                _lineLength = 0;
            }
        }
    }
}
