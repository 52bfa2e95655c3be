using System.Text.Json;
using Centroid.IO;

namespace Centroid.Tests.Cli;

public sealed class FitCommandTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Fit_OnFloat64Npy_WritesCentersLabelsAndSummary()
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")));

        Assert.Equal(0, run.ExitCode);
        NpyHeader centers = NpyReader.ReadHeader(Out("centers.npy"));
        Assert.Equal(NpyDataType.Float64, centers.DataType);
        Assert.Equal([ClusterData.Clusters, ClusterData.Features], centers.Shape);
        NpyHeader labels = NpyReader.ReadHeader(Out("labels.npy"));
        Assert.Equal(NpyDataType.Int32, labels.DataType);
        Assert.Equal([ClusterData.Samples], labels.Shape);
        Assert.True(File.Exists(Out("summary.json")));
    }

    [Fact]
    public void Fit_Summary_HoldsEveryRequiredKeyWithSaneValues()
    {
        string input = ClusterData.WriteNpy(_scratch.File("data.npy"));

        Fit(input, "--seed", "5", "--tol", "0.001", "--max-iter", "50", "--threads", "2");

        JsonElement summary = ReadSummary();
        Assert.Equal(ClusterData.Samples, summary.GetProperty("n_samples").GetInt32());
        Assert.Equal(ClusterData.Features, summary.GetProperty("n_features").GetInt32());
        Assert.Equal(ClusterData.Clusters, summary.GetProperty("clusters").GetInt32());
        Assert.Equal("float64", summary.GetProperty("dtype").GetString());
        Assert.Equal("dense", summary.GetProperty("format").GetString());
        Assert.Equal("lloyd", summary.GetProperty("algorithm").GetString());
        Assert.InRange(summary.GetProperty("inertia").GetDouble(), 0, ClusterData.Samples * 2.0);
        Assert.InRange(summary.GetProperty("iterations").GetInt32(), 1, 50);
        Assert.Equal("k-means++", summary.GetProperty("init").GetString());
        Assert.Equal(1, summary.GetProperty("n_init").GetInt32());
        Assert.Equal(5u, summary.GetProperty("seed").GetUInt32());
        Assert.Equal(0.001, summary.GetProperty("tol").GetDouble());
        Assert.Equal(50, summary.GetProperty("max_iter").GetInt32());
        Assert.Equal(2, summary.GetProperty("threads").GetInt32());
        Assert.Equal(Path.GetFullPath(input), summary.GetProperty("input").GetString());
        Assert.Equal(JsonValueKind.Array, summary.GetProperty("warnings").ValueKind);
    }

    [Fact]
    public void Fit_Summary_FitSecondsIsNotNegative()
    {
        Fit(ClusterData.WriteNpy(_scratch.File("data.npy")));

        Assert.True(ReadSummary().GetProperty("fit_seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Fit_RandomInitWithAutoRuns_RecordsTenRuns()
    {
        Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--init", "random");

        Assert.Equal(10, ReadSummary().GetProperty("n_init").GetInt32());
    }

    [Fact]
    public void Fit_OnFloat32Npy_WritesFloat32Centers()
    {
        CliRun run = Fit(ClusterData.WriteFloat32Npy(_scratch.File("data.npy")));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(NpyDataType.Float32, NpyReader.ReadHeader(Out("centers.npy")).DataType);
        Assert.Equal("float32", ReadSummary().GetProperty("dtype").GetString());
    }

    [Fact]
    public void Fit_OnCsrNpz_ReportsCsrFormat()
    {
        CliRun run = Fit(ClusterData.WriteNpz(_scratch.File("data.npz"), _scratch.Path));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("csr", ReadSummary().GetProperty("format").GetString());
        Assert.Equal([ClusterData.Clusters, ClusterData.Features], NpyReader.ReadHeader(Out("centers.npy")).Shape);
    }

    [Fact]
    public void Fit_OnCsv_ReadsFloat64ByDefault()
    {
        CliRun run = Fit(ClusterData.WriteCsv(_scratch.File("data.csv")));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ClusterData.Samples, ReadSummary().GetProperty("n_samples").GetInt32());
        Assert.Equal(NpyDataType.Float64, NpyReader.ReadHeader(Out("centers.npy")).DataType);
    }

    [Fact]
    public void Fit_OnCsvWithDtypeFloat32_WritesFloat32Centers()
    {
        CliRun run = Fit(ClusterData.WriteCsv(_scratch.File("data.csv")), "--dtype", "float32");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(NpyDataType.Float32, NpyReader.ReadHeader(Out("centers.npy")).DataType);
    }

    [Fact]
    public void Fit_WithInitCentersFile_ReproducesTheLibraryFitFromThoseCenters()
    {
        string centersPath = _scratch.File("init.npy");
        NpyWriter.Write<double>(centersPath, ClusterData.InitialCenters(), ClusterData.Clusters, ClusterData.Features);
        KMeansModel<double> expected = new KMeans<double>(new KMeansOptions { Clusters = ClusterData.Clusters })
            .Fit(ClusterData.Matrix(), new DenseMatrix<double>(ClusterData.InitialCenters(), ClusterData.Clusters, ClusterData.Features));

        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--init", centersPath);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.Labels.ToArray(), NpyReader.ReadVector<int>(Out("labels.npy")));
        Assert.Equal(expected.Centers.Memory.ToArray(), NpyReader.ReadMatrix<double>(Out("centers.npy")).Memory.ToArray());
        Assert.Equal(expected.Inertia, ReadSummary().GetProperty("inertia").GetDouble());
        Assert.Equal(centersPath, ReadSummary().GetProperty("init").GetString());
    }

    [Fact]
    public void Fit_WithFloat32InitCentersOnFloat64Data_ConvertsTheCenters()
    {
        string centersPath = _scratch.File("init.npy");
        float[] centers = [.. ClusterData.InitialCenters().Select(v => (float)v)];
        NpyWriter.Write<float>(centersPath, centers, ClusterData.Clusters, ClusterData.Features);

        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--init", centersPath);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(NpyDataType.Float64, NpyReader.ReadHeader(Out("centers.npy")).DataType);
    }

    [Fact]
    public void Fit_WithInitCentersOfTheWrongShape_FailsNamingTheFileAndShapes()
    {
        string centersPath = _scratch.File("init.npy");
        NpyWriter.Write<double>(centersPath, [1, 1, 9, 1], 2, 2);

        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--init", centersPath);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.Contains(centersPath, line);
        Assert.Contains("(2, 2)", line);
        Assert.Contains("(3, 2)", line);
    }

    [Fact]
    public void Fit_WithoutSeed_RecordsADrawnSeedThatReproducesTheRun()
    {
        string input = ClusterData.WriteNpy(_scratch.File("data.npy"));
        Fit(input, "--init", "random");
        uint seed = ReadSummary().GetProperty("seed").GetUInt32();
        int[] labels = NpyReader.ReadVector<int>(Out("labels.npy"));

        Fit(input, "--init", "random", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(labels, NpyReader.ReadVector<int>(Out("labels.npy")));
    }

    [Fact]
    public void Fit_Verbose_PrintsScikitLearnIterationLinesOnStandardOutput()
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "--verbose");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Iteration 0, inertia", run.Output);
    }

    [Fact]
    public void Fit_Succeeding_PrintsASummaryAndNothingOnRedirectedStandardError()
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")));

        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("inertia", run.Output);
        Assert.Contains(_scratch.File("out"), run.Output);
    }

    [Fact]
    public void Fit_WithDuplicatePoints_PrintsTheModelWarningOnStandardError()
    {
        string input = _scratch.File("same.npy");
        NpyWriter.Write<double>(input, [1, 1, 1, 1, 1, 1, 1, 1], 4, 2);

        CliRun run = Fit(input, "-k", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("warning: Number of distinct clusters (1)", Assert.Single(run.ErrorLines));
        Assert.Single(ReadSummary().GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void Fit_OnMissingFile_ExitsWith1NamingTheFile()
    {
        string missing = _scratch.File("missing.npy");

        CliRun run = Fit(missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"centroid: error: file not found: {missing}", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Fit_WithFewerSamplesThanClusters_ExitsWith1SayingSo()
    {
        CliRun run = Fit(ClusterData.WriteNpy(_scratch.File("data.npy")), "-k", "100");

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.Contains($"{ClusterData.Samples} samples, fewer than the 100 clusters", line);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void Fit_OnIntegerNpy_ExitsWith1NamingTheDtype()
    {
        string input = _scratch.File("ints.npy");
        NpyWriter.Write<int>(input, [1, 2, 3, 4], 2, 2);

        CliRun run = Fit(input, "-k", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("int32", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Fit_OnMalformedNpy_ExitsWith1NamingTheFile()
    {
        string input = _scratch.File("broken.npy");
        File.WriteAllText(input, "not numpy");

        CliRun run = Fit(input);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(input, Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Fit_WhenCancelled_ExitsWith130()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        CliRun run = CliRun.Invoke(["fit", ClusterData.WriteNpy(_scratch.File("data.npy")), "-k", "3", "--out", _scratch.File("out")], cancellation.Token);

        Assert.Equal(130, run.ExitCode);
        Assert.Equal("centroid: error: cancelled", Assert.Single(run.ErrorLines));
    }

    /// <summary>Runs <c>fit INPUT -k 3 --out DIR</c> plus <paramref name="options"/>; a later <c>-k</c> in options replaces the 3.</summary>
    private CliRun Fit(string input, params string[] options)
    {
        string[] clusters = options.Contains("-k") ? [] : ["-k", "3"];
        return CliRun.Invoke(["fit", input, .. clusters, "--out", _scratch.File("out"), .. options]);
    }

    private string Out(string name) => Path.Combine(_scratch.File("out"), name);

    private JsonElement ReadSummary()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Out("summary.json")));
        return document.RootElement.Clone();
    }
}
