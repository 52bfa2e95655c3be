using System.Numerics;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// Properties ported from scikit-learn's own mini-batch tests (test_k_means.py) and the library's contracts: clean
/// blobs recovered with every initialisation; no collapse onto duplicated zero rows thanks to reassignment; weights of
/// one equal no weights and scaled weights change nothing; partial fits continue a fit; thread count, progress and
/// compute_labels behave.
/// </summary>
public abstract class BehaviourTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [Theory]
    [InlineData(KMeansInit.KMeansPlusPlus, false, false)]
    [InlineData(KMeansInit.Random, false, false)]
    [InlineData(KMeansInit.KMeansPlusPlus, true, false)]
    [InlineData(KMeansInit.Random, true, false)]
    [InlineData(KMeansInit.KMeansPlusPlus, false, true)]
    [InlineData(KMeansInit.KMeansPlusPlus, true, true)]
    public void WellSeparatedBlobs_AreRecovered(KMeansInit init, bool csr, bool explicitCenters)
    {
        // Four tight, far-apart blobs: every cluster must be exactly one blob (scikit-learn's test_all_init). Random
        // seeds hit all four blobs in only 4!/4⁴ ≈ 9 % of draws, and two seeds in one blob never separate (neither
        // center is light enough to be reassigned): enough initialisations make a good one all but certain.
        int n = 800;
        T[] data = new T[n * 2];
        int[] truth = new int[n];
        var random = new System.Random(9);
        double[] centers = [0, 0, 50, 0, 0, 50, 50, 50];
        for (int i = 0; i < n; i++)
        {
            truth[i] = i % 4;
            data[2 * i] = T.CreateTruncating(centers[2 * truth[i]] + random.NextDouble());
            data[(2 * i) + 1] = T.CreateTruncating(centers[(2 * truth[i]) + 1] + random.NextDouble());
        }

        var kmeans = new MiniBatchKMeans<T>(new MiniBatchKMeansOptions { Clusters = 4, Init = init, InitRuns = explicitCenters ? null : 30, BatchSize = 100, RandomState = 42 });
        KMeansModel<T> model = BatchInput.Fit(kmeans, data, 2, csr, explicitCenters ? BatchInput.Values<T>(centers) : null);

        int[] labels = model.Labels.ToArray();
        Assert.Equal(4, labels.Distinct().Count());
        Assert.All(Enumerable.Range(0, 4), c => Assert.Single(labels.Where((_, i) => truth[i] == c).Distinct()));
        Assert.Equal([0, 1, 2, 3], model.Predict(model.Centers));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    public void DuplicatedZeroRows_DoNotSwallowTheCenters(int batchSize)
    {
        // scikit-learn's test_minibatch_sensible_reassign: half the rows are exactly zero; k = 20 random seeds would put
        // many centers there, and reassignment must move them away. A batch larger than n is the regression case.
        T[] data = Clustering.TestData.Blobs<T>(100, 2, 5, seed: 0);
        for (int i = 0; i < 100; i += 2)
        {
            data[2 * i] = T.Zero;
            data[(2 * i) + 1] = T.Zero;
        }

        var kmeans = new MiniBatchKMeans<T>(new MiniBatchKMeansOptions { Clusters = 20, BatchSize = batchSize, Init = KMeansInit.Random, RandomState = 0 });
        KMeansModel<T> model = kmeans.Fit(new DenseMatrix<T>(data, 100, 2));

        Assert.True(NonZeroCenters(model) > 10, $"{NonZeroCenters(model)} non-zero centers");
    }

    [Fact]
    public void DuplicatedZeroRows_DoNotSwallowTheCenters_WithPartialFits()
    {
        T[] data = Clustering.TestData.Blobs<T>(100, 2, 5, seed: 0);
        for (int i = 0; i < 100; i += 2)
        {
            data[2 * i] = T.Zero;
            data[(2 * i) + 1] = T.Zero;
        }

        var kmeans = new MiniBatchKMeans<T>(new MiniBatchKMeansOptions { Clusters = 20, Init = KMeansInit.Random, RandomState = 0 });
        for (int i = 0; i < 100; i++)
        {
            kmeans.PartialFit(new DenseMatrix<T>(data, 100, 2));
        }

        Assert.True(NonZeroCenters(kmeans.Model) > 10);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UnitWeights_GiveTheSameBitsAsNoWeights(bool csr)
    {
        T[] data = Clustering.TestData.Blobs<T>(500, 3, 4, seed: 6);
        T[] ones = Enumerable.Repeat(T.One, 500).ToArray();

        KMeansModel<T> unweighted = BatchInput.Fit(Estimator(), data, 3, csr);
        KMeansModel<T> weighted = BatchInput.Fit(Estimator(), data, 3, csr, weights: ones);

        Assert.Equal(unweighted.Centers.Memory.ToArray(), weighted.Centers.Memory.ToArray());
        Assert.Equal(unweighted.Labels.ToArray(), weighted.Labels.ToArray());
        Assert.Equal(unweighted.Inertia, weighted.Inertia);
        Assert.Equal(unweighted.Steps, weighted.Steps);
    }

    [Fact]
    public void DoublingEveryWeight_ChangesOnlyTheInertia_WhichDoubles()
    {
        T[] data = Clustering.TestData.Blobs<T>(500, 3, 4, seed: 7);
        var random = new System.Random(1);
        T[] weights = Enumerable.Range(0, 500).Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        T[] doubled = weights.Select(w => w + w).ToArray();

        KMeansModel<T> once = BatchInput.Fit(Estimator(), data, 3, csr: false, weights: weights);
        KMeansModel<T> twice = BatchInput.Fit(Estimator(), data, 3, csr: false, weights: doubled);

        Assert.Equal(once.Centers.Memory.ToArray(), twice.Centers.Memory.ToArray());
        Assert.Equal(once.Labels.ToArray(), twice.Labels.ToArray());
        Assert.Equal(2 * once.Inertia, twice.Inertia);
    }

    [Fact]
    public void HeavierSamples_AreDrawnMoreOften_PullingTheirCenter()
    {
        // One cluster of two groups: weighting group B 50× moves the single center next to B.
        int n = 400;
        T[] data = new T[n];
        T[] weights = new T[n];
        for (int i = 0; i < n; i++)
        {
            data[i] = T.CreateTruncating(i % 2 == 0 ? 0.0 : 10.0);
            weights[i] = T.CreateTruncating(i % 2 == 0 ? 1.0 : 50.0);
        }

        var kmeans = new MiniBatchKMeans<T>(new MiniBatchKMeansOptions { Clusters = 1, BatchSize = 50, RandomState = 0 });
        KMeansModel<T> model = kmeans.Fit(new DenseMatrix<T>(data, n, 1), weights);

        Assert.InRange(double.CreateTruncating(model.Centers.Row(0)[0]), 9.0, 10.0);
    }

    [Fact]
    public void PartialFit_AfterFit_ContinuesItsCentersCountsAndSteps()
    {
        T[] data = Clustering.TestData.Blobs<T>(600, 2, 3, seed: 8);
        var kmeans = new MiniBatchKMeans<T>(new MiniBatchKMeansOptions { Clusters = 3, BatchSize = 64, RandomState = 1 });
        KMeansModel<T> fitted = kmeans.Fit(new DenseMatrix<T>(data, 600, 2));
        double before = kmeans.Counts.ToArray().Sum(double.CreateTruncating);

        kmeans.PartialFit(new DenseMatrix<T>(data, 100, 2));

        Assert.Equal(fitted.Steps + 1, kmeans.Model.Steps);
        Assert.Equal(before + 100, kmeans.Counts.ToArray().Sum(double.CreateTruncating), 3);
        Assert.Equal(100, kmeans.Model.Labels.Length);
        Assert.Same(fitted, fitted);
        Assert.NotEqual(fitted.Centers.Memory.ToArray(), kmeans.Model.Centers.Memory.ToArray());
    }

    [Fact]
    public void Model_AfterFit_IsTheFittedModel_AndNotChangedByLaterPartialFits()
    {
        T[] data = Clustering.TestData.Blobs<T>(600, 2, 3, seed: 8);
        var kmeans = Estimator();
        KMeansModel<T> fitted = kmeans.Fit(new DenseMatrix<T>(data, 600, 2));
        T[] centers = fitted.Centers.Memory.ToArray();

        Assert.Same(fitted, kmeans.Model);
        kmeans.PartialFit(new DenseMatrix<T>(data, 100, 2));
        Assert.Equal(centers, fitted.Centers.Memory.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargeBatches_GiveTheSameBitsOnOneTwoAndFourThreads(bool csr)
    {
        // Big enough (b × k × d ≥ 2¹⁸) for batches to be assigned in parallel.
        int n = 12000;
        int d = 20;
        T[] data = Clustering.TestData.Blobs<T>(n, d, 16, seed: 10);
        KMeansModel<T>[] models = [.. new[] { 1, 2, 4 }.Select(threads =>
            BatchInput.Fit(new MiniBatchKMeans<T>(new MiniBatchKMeansOptions { Clusters = 16, RandomState = 2, MaxIterations = 3, MaxDegreeOfParallelism = threads }), data, d, csr))];

        foreach (KMeansModel<T> other in models[1..])
        {
            Assert.Equal(models[0].Centers.Memory.ToArray(), other.Centers.Memory.ToArray());
            Assert.Equal(models[0].Labels.ToArray(), other.Labels.ToArray());
            Assert.Equal(models[0].Inertia, other.Inertia);
            Assert.Equal(models[0].Steps, other.Steps);
        }
    }

    [Fact]
    public void ComputeLabelsOff_LeavesNoLabels_ButFitPredictStillLabels()
    {
        T[] data = Clustering.TestData.Blobs<T>(300, 2, 3, seed: 11);
        var options = new MiniBatchKMeansOptions { Clusters = 3, RandomState = 0, ComputeLabels = false };
        var x = new DenseMatrix<T>(data, 300, 2);

        KMeansModel<T> model = new MiniBatchKMeans<T>(options).Fit(x);
        ReadOnlyMemory<int> labels = new MiniBatchKMeans<T>(options).FitPredict(x);

        Assert.True(model.Labels.IsEmpty);
        Assert.True(model.Inertia > 0);
        Assert.Equal(model.Predict(x), labels.ToArray());
    }

    [Fact]
    public void Progress_IsReportedOncePerPass()
    {
        T[] data = Clustering.TestData.Blobs<T>(300, 2, 3, seed: 12);
        var reports = new List<KMeansProgress>();
        var kmeans = new MiniBatchKMeans<T>(new MiniBatchKMeansOptions { Clusters = 3, BatchSize = 40, MaxIterations = 4, MaxNoImprovement = null, RandomState = 0 });

        kmeans.Fit(new DenseMatrix<T>(data, 300, 2), progress: new SynchronousProgress<KMeansProgress>(reports.Add));

        Assert.Equal([0, 1, 2, 3], reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.Equal(4, r.MaxIterations));
        Assert.All(reports, r => Assert.True(r.Inertia > 0));
    }

    private static MiniBatchKMeans<T> Estimator() => new(new MiniBatchKMeansOptions { Clusters = 4, BatchSize = 64, RandomState = 3 });

    private static int NonZeroCenters(KMeansModel<T> model) =>
        Enumerable.Range(0, model.Clusters).Count(j => model.Centers.Row(j).ToArray().Any(v => v != T.Zero));
}

public sealed class BehaviourTestsSingle : BehaviourTests<float>
{
}

public sealed class BehaviourTestsDouble : BehaviourTests<double>
{
}
