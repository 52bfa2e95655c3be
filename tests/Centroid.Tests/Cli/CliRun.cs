using Centroid.Cli;

namespace Centroid.Tests.Cli;

/// <summary>One in-process run of the command-line tool: its exit code and what it wrote to each stream.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>The lines written to standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static CliRun Invoke(params string[] args) => Invoke(args, CancellationToken.None);

    public static CliRun Invoke(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = CliApp.Run(args, new CliConsole(output, error, ErrorIsTerminal: false), cancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
