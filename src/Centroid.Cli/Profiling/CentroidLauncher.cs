using System.Diagnostics;

namespace Centroid.Cli.Profiling;

/// <summary>How to start the <c>centroid</c> that is running now as a child process, so the children run the very same build.</summary>
/// <param name="FileName">The executable: the tool's native launcher, or the <c>dotnet</c> host.</param>
/// <param name="LeadingArguments">The arguments before the command: the path of <c>Centroid.Cli.dll</c> for the host, none for the launcher.</param>
internal sealed record CentroidLauncher(string FileName, IReadOnlyList<string> LeadingArguments)
{
    private const string StartupHooksVariable = "DOTNET_STARTUP_HOOKS";

    /// <summary>
    /// The launcher of the running tool: the <c>dotnet</c> host that runs it (<c>dotnet Centroid.Cli.dll</c>), else the
    /// native launcher beside <c>Centroid.Cli.dll</c> (<c>dotnet run</c>, the built <c>centroid</c>, a test host), else
    /// the <c>dotnet</c> host on the path.
    /// </summary>
    public static CentroidLauncher Current()
    {
        string assembly = typeof(CliApp).Assembly.Location;
        string? processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return new CentroidLauncher(processPath, [assembly]);
        }

        string nativeLauncher = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        if (File.Exists(nativeLauncher))
        {
            return new CentroidLauncher(nativeLauncher, []);
        }

        // The SDK sets DOTNET_HOST_PATH for the processes it starts (test hosts among them).
        return new CentroidLauncher(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [assembly]);
    }

    /// <summary>
    /// A start description for <c>centroid <paramref name="arguments"/></c>, with standard output and error captured,
    /// and the startup hook that records its peak memory in <paramref name="peakFile"/>.
    /// </summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments, string peakFile)
    {
        var start = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in LeadingArguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // By assembly name, resolved as the tool's own assembly; after any hooks the user has set.
        string hook = typeof(StartupHook).Assembly.GetName().Name!;
        string? hooks = Environment.GetEnvironmentVariable(StartupHooksVariable);
        start.Environment[StartupHooksVariable] = string.IsNullOrEmpty(hooks) ? hook : $"{hooks}{Path.PathSeparator}{hook}";
        start.Environment[StartupHook.PeakFileVariable] = peakFile;
        return start;
    }

    /// <summary>The command line, for messages.</summary>
    public string Describe(IEnumerable<string> arguments) =>
        string.Join(' ', new[] { FileName }.Concat(LeadingArguments).Concat(arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
