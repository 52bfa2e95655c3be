using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Centroid.Cli.Profiling;

/// <summary>
/// Follows a child process's resident memory every <see cref="Interval"/> (as mprof does) by reading
/// <c>/proc/PID/status</c>, and notes its memory before it loaded its input.
/// </summary>
/// <remarks>
/// The memory before loading is that of the last sample in which the input was neither open (<c>/proc/PID/fd</c>) nor
/// already read (<c>/proc/PID/io</c>'s byte count). Both are needed: the data comes in one read call, whose bytes are
/// counted only when it returns, while the memory grows during it, so a read that spans samples shows as the open
/// file; and a read can also begin and end between two samples, which only the count shows. The runtime maps its
/// assemblies rather than reading them, so a fit reads only a few KiB before its input.
/// </remarks>
internal static class ProcessMemorySampler
{
    /// <summary>The time between two samples.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    // Reading the input has begun once this much of it (or half a smaller file) has been read: far more than the few
    // KiB a fit reads before (its runtimeconfig.json and deps.json, the input's header), far less than a large input.
    private const long LoadingBytes = 1 << 20;

    /// <summary>Samples <paramref name="process"/> until it exits.</summary>
    /// <param name="process">A started child process.</param>
    /// <param name="started">The <see cref="Stopwatch"/> timestamp taken when it was started.</param>
    /// <param name="inputPath">The input file: once its first MiB (or half a smaller file) has been read, the data is being loaded.</param>
    /// <param name="cancellationToken">Kills the child and stops.</param>
    /// <returns>The samples, the highest VmHWM read, and the memory before loading.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled; the child has been killed.</exception>
    public static MemoryTrace Sample(Process process, long started, string inputPath, CancellationToken cancellationToken)
    {
        string status = ProcessStatus.PathOf(process.Id);
        string io = ProcessStatus.IoPathOf(process.Id);
        string descriptors = $"/proc/{process.Id}/fd";
        string input = KernelPath(inputPath);
        long loading = Math.Min(new FileInfo(inputPath).Length / 2, LoadingBytes);
        var samples = new List<MemorySample>();
        long peak = 0;
        long? beforeLoading = null;
        bool loaded = false;
        using CancellationTokenRegistration kill = cancellationToken.Register(() => KillQuietly(process));
        do
        {
            if (ProcessStatus.TryReadMemory(status, out long resident, out long highWater))
            {
                double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (!loaded)
                {
                    loaded = ProcessStatus.ReadBytesRead(io) is long read && read >= loading;
                    if (!loaded && !HasOpen(descriptors, input))
                    {
                        beforeLoading = resident;
                    }
                }

                samples.Add(new MemorySample(seconds, resident));
                peak = Math.Max(peak, highWater);
            }
        }
        while (!process.WaitForExit(Interval));

        cancellationToken.ThrowIfCancellationRequested();
        return new MemoryTrace(samples, peak, loaded ? beforeLoading : null);
    }

    /// <summary>
    /// The path the kernel shows for <paramref name="path"/> in <c>/proc/PID/fd</c>: symbolic links resolved, as only
    /// the kernel knows them, by opening the file and reading this process's own descriptor.
    /// </summary>
    private static string KernelPath(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        return new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget ?? Path.GetFullPath(path);
    }

    /// <summary>Whether one of the process's file descriptors points at <paramref name="file"/>.</summary>
    private static bool HasOpen(string descriptors, string file)
    {
        try
        {
            foreach (string descriptor in Directory.EnumerateFileSystemEntries(descriptors))
            {
                if (string.Equals(new FileInfo(descriptor).LinkTarget, file, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process exited, or a descriptor closed while being read; the next sample looks again.
        }

        return false;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }
}
