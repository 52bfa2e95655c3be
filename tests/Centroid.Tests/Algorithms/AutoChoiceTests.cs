using System.Text.Json;
using Centroid.IO;
using Centroid.Solvers;
using Centroid.Tests.Cli;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Algorithms;

/// <summary><see cref="KMeansAlgorithm.Auto"/> picks what <see cref="AlgorithmChoice"/> documents, its result is Lloyd's, and the model and <c>summary.json</c> name what ran.</summary>
public sealed class AutoChoiceTests
{
    [Theory]
    [InlineData(200000, 20, 8, false, KMeansAlgorithm.Lloyd)]    // the seed shape: few clusters
    [InlineData(200000, 20, 63, false, KMeansAlgorithm.Lloyd)]
    [InlineData(200000, 20, 64, false, KMeansAlgorithm.Hamerly)]
    [InlineData(200000, 32, 64, false, KMeansAlgorithm.Hamerly)] // the blobs
    [InlineData(100000, 64, 256, false, KMeansAlgorithm.Hamerly)] // the wide uniform shape
    [InlineData(273280, 3, 64, false, KMeansAlgorithm.Hamerly)]  // colour quantization
    [InlineData(22000, 44000, 20, true, KMeansAlgorithm.Lloyd)]  // tf-idf
    [InlineData(22000, 44000, 256, true, KMeansAlgorithm.Lloyd)] // CSR never uses bounds
    [InlineData(100_000_000, 1, 64, false, KMeansAlgorithm.Lloyd)] // 16n bytes of bounds exceed the budget (max(64 MiB, size of X))
    public void DocumentedChoices(int rows, int columns, int clusters, bool sparse, KMeansAlgorithm expected) =>
        Assert.Equal(expected, AlgorithmChoice.Choose<float>(rows, columns, clusters, sparse));

    [Fact]
    public void MemoryBudget_IsTheLargerOf64MiBAndTheData()
    {
        Assert.Equal(64L << 20, AlgorithmChoice.MemoryBudget<float>(1000, 10));
        Assert.Equal(4_000_000_000L, AlgorithmChoice.MemoryBudget<double>(50_000_000, 10));
    }

    [Fact]
    public void Auto_ManyClusters_RunsHamerly_WithLloydsResult()
    {
        double[] data = TestData.Blobs<double>(3000, 4, 80, seed: 41);
        DenseMatrix<double> init = AlgorithmFits.Rows(data, 4, 70, seed: 2);
        var x = new DenseMatrix<double>(data, 3000, 4);
        KMeansModel<double> auto = AlgorithmFits.Fit(KMeansAlgorithm.Auto, x, init);
        Assert.Equal(KMeansAlgorithm.Hamerly, auto.Algorithm);
        AlgorithmFits.AssertSameResult(AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, init), auto);
    }

    [Fact]
    public void DefaultOptions_RunAuto_WithLloydsResult()
    {
        double[] data = TestData.Blobs<double>(3000, 4, 80, seed: 46);
        DenseMatrix<double> init = AlgorithmFits.Rows(data, 4, 70, seed: 3);
        var x = new DenseMatrix<double>(data, 3000, 4);
        KMeansModel<double> byDefault = new KMeans<double>(new KMeansOptions { Clusters = 70, Tolerance = 0 }).Fit(x, init);
        Assert.Equal(KMeansAlgorithm.Hamerly, byDefault.Algorithm);
        AlgorithmFits.AssertSameResult(AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, init), byDefault);
    }

    [Fact]
    public void Auto_FewClustersOrCsr_RunsLloyd()
    {
        double[] data = TestData.Blobs<double>(1000, 4, 5, seed: 42);
        Assert.Equal(KMeansAlgorithm.Lloyd, AlgorithmFits.Fit(KMeansAlgorithm.Auto, new DenseMatrix<double>(data, 1000, 4), AlgorithmFits.Rows(data, 4, 5, seed: 1)).Algorithm);
        CsrMatrix<double> csr = ScikitLearnCase.ToCsr(data, 4);
        double[] many = TestData.Blobs<double>(1000, 4, 70, seed: 43);
        Assert.Equal(KMeansAlgorithm.Lloyd, AlgorithmFits.Fit(KMeansAlgorithm.Auto, ScikitLearnCase.ToCsr(many, 4), AlgorithmFits.Rows(many, 4, 64, seed: 1)).Algorithm);
        Assert.Equal(KMeansAlgorithm.Lloyd, AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, csr, AlgorithmFits.Rows(data, 4, 5, seed: 1)).Algorithm);
    }

    [Fact]
    public void CsrWithARepeatedColumnIndex_RunsLloyd()
    {
        // Row 1 stores column 0 twice (legal in SciPy): the bounds' norm argument does not hold, so Lloyd runs.
        var x = new CsrMatrix<double>([1, 2, 0.5, 0.25, 3, 1], [0, 1, 0, 0, 1, 1], [0, 2, 4, 6], 2);
        var init = new DenseMatrix<double>([1, 2, 0.75, 0], 2, 2);
        KMeansModel<double> model = AlgorithmFits.Fit(KMeansAlgorithm.Hamerly, x, init);
        Assert.Equal(KMeansAlgorithm.Lloyd, model.Algorithm);
        AlgorithmFits.AssertSameResult(AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, init), model);
    }

    [Theory]
    [InlineData("hamerly", "5", "hamerly")]
    [InlineData("exponion", "5", "exponion")]
    [InlineData("yinyang", "5", "yinyang")]
    [InlineData("elkan", "5", "elkan")]
    [InlineData("elkan", "1", "lloyd")]
    [InlineData("auto", "5", "lloyd")]
    [InlineData("auto", "64", "hamerly")]
    [InlineData(null, "5", "lloyd")]      // no --algorithm: auto
    [InlineData(null, "64", "hamerly")]
    public void CommandLine_SummaryNamesWhatRan(string? algorithm, string clusters, string ran)
    {
        using var scratch = new TempDirectory();
        double[] data = TestData.Blobs<double>(500, 3, 8, seed: 44);
        string input = scratch.File("x.npy");
        NpyWriter.Write(input, new DenseMatrix<double>(data, 500, 3));
        string output = scratch.File("out");
        string[] choice = algorithm is null ? [] : ["--algorithm", algorithm];
        CliRun run = CliRun.Invoke(["fit", input, "-k", clusters, "--seed", "3", .. choice, "--out", output]);
        Assert.Equal(0, run.ExitCode);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(ran, summary.RootElement.GetProperty("algorithm").GetString());
        if (algorithm == "elkan" && clusters == "1")
        {
            Assert.Contains("algorithm='elkan' doesn't make sense for a single cluster", run.Error);
        }
    }

    [Fact]
    public void CommandLine_SameLabelsAsLloyd()
    {
        using var scratch = new TempDirectory();
        double[] data = TestData.Blobs<double>(800, 3, 10, seed: 45);
        string input = scratch.File("x.npy");
        NpyWriter.Write(input, new DenseMatrix<double>(data, 800, 3));
        int[]? lloyd = null;
        foreach (string algorithm in new[] { "lloyd", "elkan", "hamerly", "exponion", "yinyang", "auto" })
        {
            string output = scratch.File(algorithm);
            Assert.Equal(0, CliRun.Invoke("fit", input, "-k", "12", "--seed", "9", "--tol", "0", "--algorithm", algorithm, "--out", output).ExitCode);
            int[] labels = NpyReader.ReadVector<int>(Path.Combine(output, "labels.npy"));
            lloyd ??= labels;
            Assert.Equal(lloyd, labels);
        }
    }
}
