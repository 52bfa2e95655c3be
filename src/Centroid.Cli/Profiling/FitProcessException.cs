namespace Centroid.Cli.Profiling;

/// <summary>
/// A <c>centroid fit</c> child failed. An <see cref="IOException"/>, as another program's failure is to this one, so the
/// tool reports it as one error line.
/// </summary>
internal sealed class FitProcessException : IOException
{
    public FitProcessException(string message)
        : base(message)
    {
    }
}
