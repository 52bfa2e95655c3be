using Centroid.IO;

namespace Centroid.Tests.Cli;

public sealed class PredictCommandTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Predict_OnTheTrainingData_WritesTheFitLabels()
    {
        string input = ClusterData.WriteNpy(_scratch.File("data.npy"));
        CliRun.Invoke("fit", input, "-k", "3", "--seed", "1", "--out", _scratch.File("fit"));

        CliRun run = CliRun.Invoke("predict", Path.Combine(_scratch.File("fit"), "centers.npy"), input, "--out", _scratch.File("predict"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            NpyReader.ReadVector<int>(Path.Combine(_scratch.File("fit"), "labels.npy")),
            NpyReader.ReadVector<int>(Path.Combine(_scratch.File("predict"), "labels.npy")));
    }

    [Fact]
    public void Predict_OnFloat32DataWithFloat64Centers_UsesTheDataType()
    {
        string centers = _scratch.File("centers.npy");
        NpyWriter.Write<double>(centers, ClusterData.InitialCenters(), ClusterData.Clusters, ClusterData.Features);

        CliRun run = CliRun.Invoke("predict", centers, ClusterData.WriteFloat32Npy(_scratch.File("data.npy")), "--out", _scratch.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([ClusterData.Samples], NpyReader.ReadHeader(_scratch.File("labels.npy")).Shape);
        Assert.Contains("float32", run.Output);
    }

    [Fact]
    public void Predict_OnCsrData_LabelsEverySample()
    {
        string centers = _scratch.File("centers.npy");
        NpyWriter.Write<double>(centers, ClusterData.InitialCenters(), ClusterData.Clusters, ClusterData.Features);

        CliRun run = CliRun.Invoke("predict", centers, ClusterData.WriteNpz(_scratch.File("data.npz"), _scratch.Path), "--out", _scratch.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ClusterData.Samples, NpyReader.ReadVector<int>(_scratch.File("labels.npy")).Length);
    }

    [Fact]
    public void Predict_WithCentersOfAnotherFeatureCount_ExitsWith1NamingBothFiles()
    {
        string centers = _scratch.File("centers.npy");
        NpyWriter.Write<double>(centers, [1, 2, 3], 1, 3);
        string input = ClusterData.WriteNpy(_scratch.File("data.npy"));

        CliRun run = CliRun.Invoke("predict", centers, input, "--out", _scratch.Path);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.Contains(centers, line);
        Assert.Contains(input, line);
    }
}
