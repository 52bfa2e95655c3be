namespace Centroid.Cli;

/// <summary>Where the command-line tool writes, so that tests can run it in-process with string writers.</summary>
/// <param name="Output">Standard output: results, the run summary, and verbose iteration lines.</param>
/// <param name="Error">Standard error: error lines, warnings and the progress line.</param>
/// <param name="ErrorIsTerminal">Whether <paramref name="Error"/> is an interactive terminal; the self-updating progress line is shown only then.</param>
public sealed record CliConsole(TextWriter Output, TextWriter Error, bool ErrorIsTerminal);
