using System.Text.Json;
using Centroid.IO;

namespace Centroid.Tests.Cli;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Demo_WritesTheGeneratedDataAndTheFitOutputs()
    {
        CliRun run = CliRun.Invoke("demo", "--n", "500", "--d", "3", "-k", "4", "--seed", "9", "--out", _scratch.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([500, 3], NpyReader.ReadHeader(_scratch.File("data.npy")).Shape);
        Assert.Equal([4, 3], NpyReader.ReadHeader(_scratch.File("centers.npy")).Shape);
        Assert.Equal([500], NpyReader.ReadHeader(_scratch.File("labels.npy")).Shape);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(_scratch.File("summary.json")));
        Assert.Equal(9u, summary.RootElement.GetProperty("seed").GetUInt32());
    }

    [Fact]
    public void Demo_WithTheSameSeed_GeneratesTheSameData()
    {
        CliRun.Invoke("demo", "--n", "50", "--d", "2", "-k", "2", "--out", _scratch.File("a"));
        CliRun.Invoke("demo", "--n", "50", "--d", "2", "-k", "2", "--out", _scratch.File("b"));

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(_scratch.File("a"), "data.npy")),
            File.ReadAllBytes(Path.Combine(_scratch.File("b"), "data.npy")));
    }

    [Fact]
    public void Demo_WithFewerSamplesThanClusters_IsAUsageErrorAndWritesNothing()
    {
        string output = _scratch.File("few");
        CliRun run = CliRun.Invoke("demo", "--n", "3", "-k", "4", "--out", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--n 3 is fewer than the 4 clusters", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
