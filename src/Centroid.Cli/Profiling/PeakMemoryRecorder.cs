using System.Globalization;

namespace Centroid.Cli.Profiling;

/// <summary>
/// Records a <c>centroid fit</c> child's peak resident memory for <c>centroid profile</c>: the profile starts each child
/// with <see cref="PeakFileVariable"/> naming a file, and when the child exits its VmHWM, in bytes, is written there.
/// </summary>
/// <remarks>
/// <para>VmHWM is the kernel's high-water mark of the child's own memory, so it covers the child's last moments, which
/// sampling /proc from outside misses once the child is gone (and the end is when a fit writes its results, its
/// memory still growing). <c>wait4</c>'s <c>ru_maxrss</c> is no substitute: it also counts the memory the parent had
/// when it started the child, which for a small run is more than the child's own.</para>
/// <para>Registered by the first line of <c>Main</c> rather than by a runtime startup hook, which a natively compiled
/// tool does not run. Without the variable, nothing is registered: a fit started any other way is untouched.</para>
/// </remarks>
internal static class PeakMemoryRecorder
{
    /// <summary>The environment variable naming the file the peak is written to.</summary>
    public const string PeakFileVariable = "CENTROID_PROFILE_PEAK_FILE";

    /// <summary>Writes the process's peak memory to the file the variable names when the process exits, if it is set.</summary>
    public static void RegisterIfRequested()
    {
        if (Environment.GetEnvironmentVariable(PeakFileVariable) is string path && path.Length > 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => WritePeak(path);
        }
    }

    private static void WritePeak(string path)
    {
        // Read first: writing the file must not count.
        if (ProcessStatus.TryReadMemory("/proc/self/status", out _, out long highWater))
        {
            File.WriteAllText(path, highWater.ToString(CultureInfo.InvariantCulture));
        }
    }
}
