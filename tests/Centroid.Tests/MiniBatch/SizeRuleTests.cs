using System.Text.Json;
using Centroid.Solvers;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// scikit-learn's size and count rules: batch size min(b, n); init size 3·b, or 3·k when that is smaller than k, a value
/// below k replaced by 3·k with a warning, at most n (reference §4.5, checked against 1.2.1's <c>_init_size</c>);
/// <c>n_iter_ = ⌈n_steps_ · b / n⌉</c>; without early stopping, <c>n_steps_ = ⌊max_iter · n / b⌋</c>.
/// </summary>
public sealed class SizeRuleTests
{
    public static TheoryData<int> InitSizeRows() =>
        [.. Enumerable.Range(0, MiniBatchFixture.Json("init_size.json").GetProperty("rows").GetArrayLength())];

    [Theory]
    [MemberData(nameof(InitSizeRows))]
    public void Sizes_AreScikitLearns(int row)
    {
        JsonElement r = MiniBatchFixture.Json("init_size.json").GetProperty("rows")[row];
        int? initSize = r.GetProperty("init_size").ValueKind == JsonValueKind.Null ? null : r.GetProperty("init_size").GetInt32();

        MiniBatchSizes sizes = MiniBatchSizes.Resolve(r.GetProperty("batch_size").GetInt32(), initSize, r.GetProperty("k").GetInt32(), r.GetProperty("n").GetInt32());

        Assert.Equal(r.GetProperty("resolved_batch_size").GetInt32(), sizes.BatchSize);
        Assert.Equal(r.GetProperty("resolved_init_size").GetInt32(), sizes.InitSize);
        Assert.Equal(r.GetProperty("warning").GetBoolean(), sizes.Warning is not null);
    }

    [Fact]
    public void InitSizeBelowK_IsAWarningOfTheModel()
    {
        double[] data = Clustering.TestData.Blobs<double>(300, 3, 4, seed: 1);
        var kmeans = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = 20, InitSize = 10, RandomState = 0, MaxIterations = 2 });

        KMeansModel<double> model = kmeans.Fit(new DenseMatrix<double>(data, 300, 3));

        Assert.Contains("init_size=10 should be larger than n_clusters=20. Setting it to min(3*n_clusters, n_samples)", model.Warnings);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1000)]
    public void Iterations_AreStartedPassesOverTheData(int batchSize)
    {
        int n = 300;
        double[] data = Clustering.TestData.Blobs<double>(n, 2, 3, seed: 2);
        var kmeans = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = 3, BatchSize = batchSize, RandomState = 0 });

        KMeansModel<double> model = kmeans.Fit(new DenseMatrix<double>(data, n, 2));

        long b = Math.Min(batchSize, n);
        Assert.Equal((int)Math.Ceiling(model.Steps * b / (double)n), model.Iterations);
    }

    [Theory]
    [InlineData(300, 30, 10, 100, 10)]
    [InlineData(301, 30, 3, 30, 3)]
    [InlineData(300, 1000, 4, 4, 4)]
    [InlineData(50, 1, 2, 100, 2)]
    public void WithoutEarlyStopping_MaxIterationsGivesFloorOfPassesTimesNOverB(int n, int batchSize, int maxIterations, int steps, int iterations)
    {
        double[] data = Clustering.TestData.Uniform<double>(n, 2, seed: 3);
        var kmeans = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions
        {
            Clusters = 3, BatchSize = batchSize, MaxIterations = maxIterations, Tolerance = 0, MaxNoImprovement = null, RandomState = 0,
        });

        KMeansModel<double> model = kmeans.Fit(new DenseMatrix<double>(data, n, 2));

        Assert.Equal(steps, model.Steps);
        Assert.Equal((long)maxIterations * n / Math.Min(batchSize, n), model.Steps);
        Assert.Equal(iterations, model.Iterations);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(2, 2)]
    public void InitRuns_AutoIsOneForKMeansPlusPlus(int? runs, int expected)
    {
        double[] data = Clustering.TestData.Blobs<double>(200, 2, 3, seed: 4);
        var kmeans = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = 3, InitRuns = runs, RandomState = 0, MaxIterations = 2 });

        Assert.Equal(expected, kmeans.Fit(new DenseMatrix<double>(data, 200, 2)).InitRuns);
    }

    [Fact]
    public void InitRuns_AutoIsThreeForRandom_AndOneWithExplicitCenters()
    {
        double[] data = Clustering.TestData.Blobs<double>(200, 2, 3, seed: 4);
        var x = new DenseMatrix<double>(data, 200, 2);
        var random = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = 3, Init = KMeansInit.Random, RandomState = 0, MaxIterations = 2 });
        var given = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = 3, InitRuns = 3, RandomState = 0, MaxIterations = 2 });

        Assert.Equal(3, random.Fit(x).InitRuns);
        KMeansModel<double> model = given.Fit(x, new DenseMatrix<double>(data[..6], 3, 2));
        Assert.Equal(1, model.InitRuns);
        Assert.Contains("Explicit initial center position passed: performing only one init in MiniBatchKMeans instead of n_init=3.", model.Warnings);
    }
}
