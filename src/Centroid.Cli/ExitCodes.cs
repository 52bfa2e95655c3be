namespace Centroid.Cli;

/// <summary>The process exit codes of the command-line tool.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command was understood but failed: a missing or invalid file, invalid data, an I/O error.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown command or option, a missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
