using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Centroid.Cli.Profiling;

/// <summary>How to start the <c>centroid</c> that is running now as a child process, so the children run the very same build.</summary>
/// <param name="FileName">The executable: the tool's native launcher, or the <c>dotnet</c> host.</param>
/// <param name="LeadingArguments">The arguments before the command: the path of <c>Centroid.Cli.dll</c> for the host, none for the launcher.</param>
internal sealed record CentroidLauncher(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>
    /// The launcher of the running tool: itself when it is the natively compiled <c>centroid</c>; the <c>dotnet</c> host
    /// that runs it (<c>dotnet Centroid.Cli.dll</c>); else the native launcher beside <c>Centroid.Cli.dll</c>
    /// (<c>dotnet run</c>, the built <c>centroid</c>, a test host), else the <c>dotnet</c> host on the path.
    /// </summary>
    public static CentroidLauncher Current()
    {
        string? processPath = Environment.ProcessPath;
        if (!RuntimeFeature.IsDynamicCodeSupported && processPath is not null)
        {
            return new CentroidLauncher(processPath, []);
        }

        string assembly = Path.Combine(AppContext.BaseDirectory, typeof(CliApp).Assembly.GetName().Name + ".dll");
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
    /// and asked to record its peak memory in <paramref name="peakFile"/> as it exits.
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

        start.Environment[PeakMemoryRecorder.PeakFileVariable] = peakFile;
        return start;
    }

    /// <summary>The command line, for messages.</summary>
    public string Describe(IEnumerable<string> arguments) =>
        string.Join(' ', new[] { FileName }.Concat(LeadingArguments).Concat(arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
