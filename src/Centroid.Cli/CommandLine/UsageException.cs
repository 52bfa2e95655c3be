namespace Centroid.Cli.CommandLine;

/// <summary>The command line is wrong (exit code 2); the message says how, and the help hint is added when reported.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
