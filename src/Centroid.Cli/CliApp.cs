using System.Reflection;
using Centroid.Cli.CommandLine;
using Centroid.Cli.Commands;

namespace Centroid.Cli;

/// <summary>
/// The <c>centroid</c> command-line tool: <c>fit</c>, <c>predict</c>, <c>profile</c> and <c>demo</c>. Every failure is reported as one
/// line on standard error (<c>centroid: error: …</c>) and an exit code, never as a stack trace.
/// </summary>
public static class CliApp
{
    private const string HelpHint = "run 'centroid --help'";

    /// <summary>Runs the tool with standard error treated as redirected (no progress line) and no cancellation.</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>The exit code: 0 success, 1 error, 2 usage error, 130 interrupted.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, new CliConsole(output, error, ErrorIsTerminal: false), CancellationToken.None);

    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="cancellationToken">Cancels a running fit (Ctrl+C).</param>
    /// <returns>The exit code: 0 success, 1 error, 2 usage error, 130 interrupted.</returns>
    public static int Run(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            return Dispatch(args, console, cancellationToken);
        }
        catch (UsageException ex)
        {
            return Fail(console, $"{ex.Message}; {HelpHint}", ExitCodes.Usage);
        }
        catch (OperationCanceledException)
        {
            return Fail(console, "cancelled", ExitCodes.Interrupted);
        }
        catch (FileNotFoundException ex)
        {
            return Fail(console, $"file not found: {ex.FileName ?? ex.Message}", ExitCodes.Failure);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return Fail(console, OneLine(ex), ExitCodes.Failure);
        }
        catch (OutOfMemoryException)
        {
            return Fail(console, "not enough memory for the data", ExitCodes.Failure);
        }
        catch (Exception ex)
        {
            // A bug, not a user error; still one line, with the exception type to make it reportable.
            return Fail(console, $"unexpected {ex.GetType().Name}: {OneLine(ex)}", ExitCodes.Failure);
        }
    }

    private static int Dispatch(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            throw new UsageException("no command given; expected fit, predict, profile or demo");
        }

        IReadOnlyList<string> rest = [.. args.Skip(1)];
        switch (args[0])
        {
            case "--help" or "-h":
                console.Output.Write(UsageText.Full);
                return ExitCodes.Success;
            case "--version":
                console.Output.WriteLine($"centroid {Version()}");
                return ExitCodes.Success;
            case "fit":
                return AsksForHelp(rest) ? ShowHelp(console, UsageText.Fit) : FitCommand.Run(FitSettings.Parse(rest), console, cancellationToken);
            case "predict":
                return AsksForHelp(rest) ? ShowHelp(console, UsageText.Predict) : PredictCommand.Run(PredictSettings.Parse(rest), console, cancellationToken);
            case "demo":
                return AsksForHelp(rest) ? ShowHelp(console, UsageText.Demo) : DemoCommand.Run(DemoSettings.Parse(rest), console, cancellationToken);
            case "profile":
                return AsksForHelp(rest) ? ShowHelp(console, UsageText.Profile) : ProfileCommand.Run(ProfileSettings.Parse(rest), console, cancellationToken);
            case string option when option.StartsWith('-'):
                throw new UsageException($"unknown option '{option}'");
            default:
                throw new UsageException($"unknown command '{args[0]}'; expected fit, predict, profile or demo");
        }
    }

    /// <summary>Whether <c>--help</c> or <c>-h</c> appears among a command's options (before any <c>--</c>).</summary>
    private static bool AsksForHelp(IReadOnlyList<string> args) =>
        args.TakeWhile(a => a != "--").Any(a => a is "--help" or "-h");

    private static int ShowHelp(CliConsole console, string text)
    {
        console.Output.Write(text);
        return ExitCodes.Success;
    }

    private static int Fail(CliConsole console, string message, int exitCode)
    {
        console.Error.WriteLine($"centroid: error: {message}");
        return exitCode;
    }

    /// <summary>
    /// The message on one line: ArgumentException appends " (Parameter 'x')" and ArgumentOutOfRangeException a second
    /// "Actual value was" line, both noise to a command-line user.
    /// </summary>
    private static string OneLine(Exception ex)
    {
        string message = ex.Message;
        int lineBreak = message.IndexOfAny(['\r', '\n']);
        if (lineBreak >= 0)
        {
            message = message[..lineBreak];
        }

        if (ex is ArgumentException { ParamName: string parameter })
        {
            string suffix = $" (Parameter '{parameter}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }
        }

        return message;
    }

    private static string Version()
    {
        Assembly assembly = typeof(CliApp).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        // The SDK appends "+<commit>" to the informational version; the commit is noise here.
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
