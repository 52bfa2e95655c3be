using System.Numerics;

namespace Centroid.Tests.MiniBatch;

/// <summary>What a fit or a partial fit rejects, as <see cref="KMeans{T}"/> does, plus the mini-batch options.</summary>
public abstract class BadInputTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T[] Data = Clustering.TestData.Blobs<T>(40, 2, 2, seed: 5);

    private static MiniBatchKMeans<T> Estimator(MiniBatchKMeansOptions? options = null) =>
        new(options ?? new MiniBatchKMeansOptions { Clusters = 3, RandomState = 0 });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EmptyData_IsRejected(bool csr) =>
        Assert.Throws<ArgumentException>(() => BatchInput.Fit(Estimator(), [], 2, csr));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FewerSamplesThanClusters_IsRejected(bool csr)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => BatchInput.Fit(Estimator(), Data[..4], 2, csr));
        Assert.Contains("n_samples=2 should be >= n_clusters=3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, double.NaN)]
    [InlineData(true, double.NaN)]
    [InlineData(false, double.PositiveInfinity)]
    [InlineData(true, double.NegativeInfinity)]
    public void NonFiniteValue_IsRejected(bool csr, double value)
    {
        T[] data = (T[])Data.Clone();
        data[7] = T.CreateTruncating(value);

        Assert.Throws<ArgumentException>(() => BatchInput.Fit(Estimator(), data, 2, csr));
    }

    [Theory]
    [InlineData(new double[] { 1, 1, 1 })]
    [InlineData(new double[] { -1 })]
    [InlineData(new double[] { double.NaN })]
    [InlineData(new double[] { 0 })]
    public void BadWeights_AreRejected(double[] pattern)
    {
        // A short array, or one value repeated over all samples (negative, NaN, all zero).
        T[] weights = pattern.Length == 3 ? BatchInput.Values<T>(pattern) : Enumerable.Repeat(T.CreateTruncating(pattern[0]), 20).ToArray();

        Assert.Throws<ArgumentException>(() => BatchInput.Fit(Estimator(), Data, 2, csr: false, weights: weights));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void InitialCentersOfTheWrongShape_AreRejected(int rows, int columns)
    {
        var kmeans = Estimator();
        var centers = new DenseMatrix<T>(new T[rows * columns], rows, columns);

        Assert.Throws<ArgumentException>(() => kmeans.Fit(new DenseMatrix<T>(Data, 20, 2), centers));
        Assert.Throws<ArgumentException>(() => kmeans.PartialFit(new DenseMatrix<T>(Data, 20, 2), centers));
    }

    [Fact]
    public void NonFiniteInitialCenters_AreRejected()
    {
        T[] centers = new T[6];
        centers[3] = T.NaN;

        Assert.Throws<ArgumentException>(() => Estimator().Fit(new DenseMatrix<T>(Data, 20, 2), new DenseMatrix<T>(centers, 3, 2)));
    }

    public static TheoryData<MiniBatchKMeansOptions, string> BadOptions() => new()
    {
        { new MiniBatchKMeansOptions { Clusters = 0 }, nameof(MiniBatchKMeansOptions.Clusters) },
        { new MiniBatchKMeansOptions { InitRuns = 0 }, nameof(MiniBatchKMeansOptions.InitRuns) },
        { new MiniBatchKMeansOptions { MaxIterations = 0 }, nameof(MiniBatchKMeansOptions.MaxIterations) },
        { new MiniBatchKMeansOptions { BatchSize = 0 }, nameof(MiniBatchKMeansOptions.BatchSize) },
        { new MiniBatchKMeansOptions { BatchSize = -5 }, nameof(MiniBatchKMeansOptions.BatchSize) },
        { new MiniBatchKMeansOptions { Tolerance = -1e-3 }, nameof(MiniBatchKMeansOptions.Tolerance) },
        { new MiniBatchKMeansOptions { Tolerance = double.NaN }, nameof(MiniBatchKMeansOptions.Tolerance) },
        { new MiniBatchKMeansOptions { Tolerance = double.PositiveInfinity }, nameof(MiniBatchKMeansOptions.Tolerance) },
        { new MiniBatchKMeansOptions { MaxNoImprovement = -1 }, nameof(MiniBatchKMeansOptions.MaxNoImprovement) },
        { new MiniBatchKMeansOptions { InitSize = 0 }, nameof(MiniBatchKMeansOptions.InitSize) },
        { new MiniBatchKMeansOptions { ReassignmentRatio = -0.01 }, nameof(MiniBatchKMeansOptions.ReassignmentRatio) },
        { new MiniBatchKMeansOptions { ReassignmentRatio = double.NaN }, nameof(MiniBatchKMeansOptions.ReassignmentRatio) },
        { new MiniBatchKMeansOptions { MaxDegreeOfParallelism = 0 }, nameof(MiniBatchKMeansOptions.MaxDegreeOfParallelism) },
        { new MiniBatchKMeansOptions { Init = (KMeansInit)7 }, nameof(MiniBatchKMeansOptions.Init) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void OptionOutOfRange_IsRejectedByFitAndFirstPartialFit(MiniBatchKMeansOptions options, string name)
    {
        ArgumentOutOfRangeException fit = Assert.Throws<ArgumentOutOfRangeException>(() => Estimator(options).Fit(new DenseMatrix<T>(Data, 20, 2)));
        ArgumentOutOfRangeException partial = Assert.Throws<ArgumentOutOfRangeException>(() => Estimator(options).PartialFit(new DenseMatrix<T>(Data, 20, 2)));

        Assert.Equal(name, fit.ParamName);
        Assert.Equal(name, partial.ParamName);
    }

    [Fact]
    public void PartialFit_FirstBatchSmallerThanK_IsRejected() =>
        Assert.Throws<ArgumentException>(() => Estimator().PartialFit(new DenseMatrix<T>(Data[..4], 2, 2)));

    [Fact]
    public void PartialFit_LaterBatchOfAnotherWidth_IsRejected()
    {
        var kmeans = Estimator();
        kmeans.PartialFit(new DenseMatrix<T>(Data, 20, 2));

        ArgumentException e = Assert.Throws<ArgumentException>(() => kmeans.PartialFit(new DenseMatrix<T>(Data, 10, 4)));
        Assert.Contains("X has 4 features, but the model is expecting 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialFit_LaterEmptyBatch_IsRejected_ButASmallOneIsFine()
    {
        var kmeans = Estimator();
        kmeans.PartialFit(new DenseMatrix<T>(Data, 20, 2));

        Assert.Throws<ArgumentException>(() => kmeans.PartialFit(new DenseMatrix<T>(Data, 0, 2)));
        kmeans.PartialFit(new DenseMatrix<T>(Data, 1, 2));
        Assert.Equal(2, kmeans.Model.Steps);
    }

    [Fact]
    public void Model_BeforeAnyFit_Throws()
    {
        var kmeans = Estimator();

        Assert.False(kmeans.IsFitted);
        Assert.Throws<InvalidOperationException>(() => kmeans.Model);
    }

    [Fact]
    public void CancelledToken_StopsTheFit()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Estimator().Fit(new DenseMatrix<T>(Data, 20, 2), cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Estimator().PartialFit(new DenseMatrix<T>(Data, 20, 2), cancellationToken: cancelled.Token));
    }
}

public sealed class BadInputTestsSingle : BadInputTests<float>
{
}

public sealed class BadInputTestsDouble : BadInputTests<double>
{
}
