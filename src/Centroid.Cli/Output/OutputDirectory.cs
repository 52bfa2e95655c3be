namespace Centroid.Cli.Output;

/// <summary>The directory a command writes its results to.</summary>
internal static class OutputDirectory
{
    /// <summary>Creates <paramref name="path"/> and any missing parents; nothing happens if it exists.</summary>
    /// <exception cref="IOException">It cannot be created; the message names it.</exception>
    public static void Create(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The runtime's own message can be misleading here (a FileNotFoundException for a path under /proc).
            throw new IOException($"cannot create the output directory '{path}': {ex.Message}", ex);
        }
    }
}
