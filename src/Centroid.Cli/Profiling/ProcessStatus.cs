using System.Globalization;

namespace Centroid.Cli.Profiling;

/// <summary>Reads a Linux process's memory (<c>/proc/PID/status</c>) and the bytes it has read (<c>/proc/PID/io</c>).</summary>
internal static class ProcessStatus
{
    /// <summary>The status file of the process <paramref name="id"/>.</summary>
    public static string PathOf(int id) => $"/proc/{id}/status";

    /// <summary>The I/O counters file of the process <paramref name="id"/>.</summary>
    public static string IoPathOf(int id) => $"/proc/{id}/io";

    /// <summary>Reads <c>rchar</c>: the bytes the process has read with read(2) and the like, from files or pipes alike.</summary>
    /// <returns>Null when the file cannot be read (the process has exited).</returns>
    public static long? ReadBytesRead(string ioPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(ioPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (ReadOnlySpan<char> line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("rchar:", StringComparison.Ordinal))
            {
                return long.Parse(line["rchar:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Reads the resident set size (VmRSS) and its high-water mark (VmHWM), in bytes.</summary>
    /// <param name="path">A status file.</param>
    /// <param name="residentBytes">VmRSS.</param>
    /// <param name="highWaterBytes">VmHWM: the most VmRSS has been since the process started (or exec'd).</param>
    /// <returns>False when the file cannot be read (the process has exited) or has no memory lines (a zombie).</returns>
    public static bool TryReadMemory(string path, out long residentBytes, out long highWaterBytes)
    {
        residentBytes = highWaterBytes = -1;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        foreach (ReadOnlySpan<char> line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                residentBytes = ParseKiB(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                highWaterBytes = ParseKiB(line) * 1024;
            }
        }

        return residentBytes >= 0 && highWaterBytes >= 0;
    }

    /// <summary>The number in a line such as <c>VmRSS:     77216 kB</c>.</summary>
    private static long ParseKiB(ReadOnlySpan<char> line)
    {
        ReadOnlySpan<char> value = line[(line.IndexOf(':') + 1)..].Trim();
        int space = value.IndexOf(' ');
        return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
