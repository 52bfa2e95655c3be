using System.Globalization;
using System.Text.Json;
using Centroid.IO;

namespace Centroid.Tests.Cli;

/// <summary><c>centroid fit --algorithm minibatch [--batch-size N]</c>: the library's MiniBatchKMeans, its defaults, and what summary.json records.</summary>
public sealed class MiniBatchFitCommandTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void MiniBatch_WritesTheOutputs_AndASummaryWithStepsAndScikitLearnsDefaults()
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--algorithm", "minibatch", "--seed", "4");

        Assert.Equal(0, run.ExitCode);
        JsonElement summary = ReadSummary();
        Assert.Equal("minibatch", summary.GetProperty("algorithm").GetString());
        Assert.Equal(100, summary.GetProperty("max_iter").GetInt32());
        Assert.Equal(0.0, summary.GetProperty("tol").GetDouble());
        Assert.Equal(ClusterData.Samples, summary.GetProperty("batch_size").GetInt32());
        long steps = summary.GetProperty("steps").GetInt64();
        Assert.InRange(steps, 2, 100);
        Assert.Equal(steps, summary.GetProperty("iterations").GetInt32());
        Assert.Equal([ClusterData.Samples], NpyReader.ReadHeader(Out("labels.npy")).Shape);
        Assert.Contains("batches of 60", run.Output);
    }

    [Fact]
    public void MiniBatch_GivesTheLibrarysFitForTheSameSeed()
    {
        KMeansModel<double> expected = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = ClusterData.Clusters, BatchSize = 16, RandomState = 9 })
            .Fit(ClusterData.Matrix());

        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--algorithm", "minibatch", "--batch-size", "16", "--seed", "9");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.Labels.ToArray(), NpyReader.ReadVector<int>(Out("labels.npy")));
        Assert.Equal(expected.Centers.Memory.ToArray(), NpyReader.ReadMatrix<double>(Out("centers.npy")).Memory.ToArray());
        JsonElement summary = ReadSummary();
        Assert.Equal(expected.Inertia, summary.GetProperty("inertia").GetDouble());
        Assert.Equal(expected.Steps, summary.GetProperty("steps").GetInt64());
        Assert.Equal(expected.Iterations, summary.GetProperty("iterations").GetInt32());
        Assert.Equal(16, summary.GetProperty("batch_size").GetInt32());
    }

    [Fact]
    public void MiniBatch_BatchSizeGivenBeforeTheAlgorithm_IsAccepted()
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--batch-size", "8", "--algorithm", "minibatch", "--max-iter", "2", "--seed", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, ReadSummary().GetProperty("max_iter").GetInt32());
        Assert.True(ReadSummary().GetProperty("steps").GetInt64() <= 2 * ClusterData.Samples / 8);
    }

    [Theory]
    [InlineData("--batch-size", "16")]
    [InlineData("--algorithm", "lloyd", "--batch-size", "16")]
    public void BatchSize_WithLloyd_IsAUsageError(params string[] options)
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), options);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--batch-size applies to --algorithm minibatch only", run.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    public void BatchSize_BelowOne_IsAUsageError(string value)
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--algorithm", "minibatch", "--batch-size", value);

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Lloyd_Summary_HasNoStepsOrBatchSize()
    {
        Fit(ClusterData.WriteNpy(_scratch.File("data.npy")));

        JsonElement summary = ReadSummary();
        Assert.False(summary.TryGetProperty("steps", out _));
        Assert.False(summary.TryGetProperty("batch_size", out _));
        Assert.Equal(300, summary.GetProperty("max_iter").GetInt32());
        Assert.Equal(1e-4, summary.GetProperty("tol").GetDouble());
    }

    [Fact]
    public void MiniBatch_OnCsrNpzAndFloat32_Works()
    {
        CliRun csr = Fit(ClusterData.WriteNpz(_scratch.File("data.npz"), _scratch.Path), "--algorithm", "minibatch", "--seed", "1");
        Assert.Equal(0, csr.ExitCode);
        Assert.Equal("csr", ReadSummary().GetProperty("format").GetString());

        CliRun single = Fit(ClusterData.WriteFloat32Npy(_scratch.File("single.npy")), "--algorithm", "minibatch", "--seed", "1");
        Assert.Equal(0, single.ExitCode);
        Assert.Equal(NpyDataType.Float32, NpyReader.ReadHeader(Out("centers.npy")).DataType);
    }

    [Fact]
    public void MiniBatch_RandomInitWithAutoRuns_RecordsThreeRuns()
    {
        Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--algorithm", "minibatch", "--init", "random", "--seed", "2");

        Assert.Equal(3, ReadSummary().GetProperty("n_init").GetInt32());
    }

    [Fact]
    public void MiniBatch_WithInitCentersFile_StartsFromThem()
    {
        string centersPath = _scratch.File("init.npy");
        NpyWriter.Write<double>(centersPath, ClusterData.InitialCenters(), ClusterData.Clusters, ClusterData.Features);
        KMeansModel<double> expected = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = ClusterData.Clusters, RandomState = 3 })
            .Fit(ClusterData.Matrix(), new DenseMatrix<double>(ClusterData.InitialCenters(), ClusterData.Clusters, ClusterData.Features));

        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--algorithm", "minibatch", "--init", centersPath, "--seed", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.Centers.Memory.ToArray(), NpyReader.ReadMatrix<double>(Out("centers.npy")).Memory.ToArray());
    }

    [Fact]
    public void MiniBatch_Verbose_PrintsScikitLearnsStepLines()
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--algorithm", "minibatch", "--batch-size", "10", "--verbose", "--seed", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Minibatch step 1/600: mean batch inertia:", run.Output);
        Assert.Contains("ewa inertia:", run.Output);
    }

    [Fact]
    public void FitHelp_DescribesMiniBatchAndBatchSize()
    {
        CliRun run = CliRun.Invoke("fit", "--help");

        Assert.Contains("--algorithm lloyd|minibatch", run.Output);
        Assert.Contains("--batch-size N", run.Output);
    }

    private CliRun Fit(string input, params string[] options) =>
        CliRun.Invoke(["fit", input, "-k", ClusterData.Clusters.ToString(CultureInfo.InvariantCulture), "--out", _scratch.File("out"), .. options]);

    private string Out(string name) => Path.Combine(_scratch.File("out"), name);

    private JsonElement ReadSummary()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Out("summary.json")));
        return document.RootElement.Clone();
    }
}
