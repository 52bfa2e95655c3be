using System.Numerics;

namespace Centroid.Tests.Clustering;

/// <summary>Invariants of a fit that hold whatever the data, for float and double, dense and CSR.</summary>
public abstract class KMeansPropertyTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int D = 7;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InertiaNeverRisesAcrossLloydSteps(bool csr)
    {
        var inertias = new List<double>();
        var progress = new SynchronousProgress<KMeansProgress>(p => inertias.Add(p.Inertia));
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 12, Tolerance = 0, RandomState = 3, Init = KMeansInit.Random, InitRuns = 1 });

        if (csr)
        {
            kmeans.Fit(TestData.Sparse<T>(3000, 40, 0.2, 5), progress: progress);
        }
        else
        {
            kmeans.Fit(new DenseMatrix<T>(TestData.Uniform<T>(3000, D, 5), 3000, D), progress: progress);
        }

        Assert.True(inertias.Count > 3, $"only {inertias.Count} iterations");
        double slack = typeof(T) == typeof(float) ? 1e-5 : 1e-12;
        for (int i = 1; i < inertias.Count; i++)
        {
            Assert.True(inertias[i] <= inertias[i - 1] * (1 + slack), $"iteration {i}: {inertias[i]} > {inertias[i - 1]}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PredictOnTheTrainingData_ReturnsTheLabels(bool csr)
    {
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 6, RandomState = 1 });
        if (csr)
        {
            CsrMatrix<T> x = TestData.Sparse<T>(2000, 30, 0.2, 2);
            KMeansModel<T> model = kmeans.Fit(x);
            Assert.Equal(model.Labels.ToArray(), model.Predict(x));
        }
        else
        {
            var x = new DenseMatrix<T>(TestData.Blobs<T>(2000, D, 6, 2), 2000, D);
            KMeansModel<T> model = kmeans.Fit(x);
            Assert.Equal(model.Labels.ToArray(), model.Predict(x));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReportingProgress_ChangesNoResult(bool csr)
    {
        // A fit that reports each iteration's inertia totals the pass's scores; one that does not skips the sum.
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 9, Tolerance = 0, RandomState = 4, Init = KMeansInit.Random, InitRuns = 2, Algorithm = KMeansAlgorithm.Lloyd });
        int reports = 0;
        var progress = new SynchronousProgress<KMeansProgress>(_ => reports++);
        (KMeansModel<T> silent, KMeansModel<T> reported) = csr
            ? (kmeans.Fit(TestData.Sparse<T>(2500, 30, 0.2, 6)), kmeans.Fit(TestData.Sparse<T>(2500, 30, 0.2, 6), progress: progress))
            : (kmeans.Fit(new DenseMatrix<T>(TestData.Blobs<T>(2500, D, 9, 6), 2500, D)), kmeans.Fit(new DenseMatrix<T>(TestData.Blobs<T>(2500, D, 9, 6), 2500, D), progress: progress));

        Assert.True(reports > 2, $"only {reports} reports");
        Assert.Equal(silent.Labels.ToArray(), reported.Labels.ToArray());
        Assert.Equal(silent.Centers.Memory.ToArray(), reported.Centers.Memory.ToArray());
        Assert.Equal(silent.Inertia, reported.Inertia);
        Assert.Equal(silent.Iterations, reported.Iterations);
    }

    [Fact]
    public void ShufflingTheRows_ChangesOnlyTheOrderOfTheLabels()
    {
        const int n = 1500;
        T[] data = TestData.Blobs<T>(n, D, 5, 4);
        int[] order = Enumerable.Range(0, n).OrderBy(i => (i * 7919) % n).ToArray();
        T[] shuffled = new T[data.Length];
        for (int i = 0; i < n; i++)
        {
            data.AsSpan(order[i] * D, D).CopyTo(shuffled.AsSpan(i * D, D));
        }

        var init = new DenseMatrix<T>(data.AsSpan(0, 5 * D).ToArray(), 5, D);
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 5 });
        KMeansModel<T> original = kmeans.Fit(new DenseMatrix<T>(data, n, D), init);
        KMeansModel<T> permuted = kmeans.Fit(new DenseMatrix<T>(shuffled, n, D), init);

        int[] labels = original.Labels.ToArray();
        Assert.Equal(order.Select(i => labels[i]).ToArray(), permuted.Labels.ToArray());
        Assert.Equal(original.Iterations, permuted.Iterations);
        Assert.Equal(original.Inertia, permuted.Inertia, original.Inertia * 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResultsAreBitIdenticalWhateverTheThreadCount(bool csr)
    {
        KMeansModel<T> Fit(int threads)
        {
            var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 9, RandomState = 7, MaxDegreeOfParallelism = threads });
            return csr
                ? kmeans.Fit(TestData.Sparse<T>(20000, 25, 0.2, 8))
                : kmeans.Fit(new DenseMatrix<T>(TestData.Uniform<T>(20000, D, 8), 20000, D));
        }

        KMeansModel<T> one = Fit(1);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            KMeansModel<T> many = Fit(threads);
            Assert.Equal(one.Inertia, many.Inertia);
            Assert.Equal(one.Iterations, many.Iterations);
            Assert.Equal(one.Labels.ToArray(), many.Labels.ToArray());
            Assert.Equal(one.Centers.Memory.ToArray(), many.Centers.Memory.ToArray());
        }
    }

    [Fact]
    public void IntegerWeights_EqualRepeatingTheSamples()
    {
        const int n = 600;
        T[] data = TestData.Blobs<T>(n, D, 4, 9);
        var random = new System.Random(10);
        int[] repeats = Enumerable.Range(0, n).Select(_ => random.Next(0, 4)).ToArray();
        repeats[0] = Math.Max(repeats[0], 1);
        var repeated = new List<T>();
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < repeats[i]; r++)
            {
                repeated.AddRange(data.AsSpan(i * D, D).ToArray());
            }
        }

        var init = new DenseMatrix<T>(data.AsSpan(0, 4 * D).ToArray(), 4, D);
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 4 });
        KMeansModel<T> weighted = kmeans.Fit(new DenseMatrix<T>(data, n, D), init, repeats.Select(r => T.CreateTruncating(r)).ToArray());
        KMeansModel<T> expanded = kmeans.Fit(new DenseMatrix<T>([.. repeated], repeated.Count / D, D), init);

        Assert.Equal(expanded.Inertia, weighted.Inertia, expanded.Inertia * 1e-5);
        AssertClose(expanded.Centers, weighted.Centers, 1e-4);
    }

    [Fact]
    public void UnitWeights_GiveTheSameBitsAsNoWeights()
    {
        var x = new DenseMatrix<T>(TestData.Blobs<T>(1000, D, 5, 11), 1000, D);
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 5, RandomState = 12 });

        KMeansModel<T> unweighted = kmeans.Fit(x);
        KMeansModel<T> unit = kmeans.Fit(x, Enumerable.Repeat(T.One, 1000).ToArray());

        Assert.Equal(unweighted.Inertia, unit.Inertia);
        Assert.Equal(unweighted.Labels.ToArray(), unit.Labels.ToArray());
        Assert.Equal(unweighted.Centers.Memory.ToArray(), unit.Centers.Memory.ToArray());
    }

    [Fact]
    public void ScalingAllWeights_ChangesNeitherLabelsNorCenters()
    {
        var x = new DenseMatrix<T>(TestData.Blobs<T>(1000, D, 5, 13), 1000, D);
        var random = new System.Random(14);
        T[] weights = Enumerable.Range(0, 1000).Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        T[] scaled = weights.Select(w => w * T.CreateTruncating(8)).ToArray();
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 5, RandomState = 15 });

        KMeansModel<T> a = kmeans.Fit(x, weights);
        KMeansModel<T> b = kmeans.Fit(x, scaled);

        Assert.Equal(a.Labels.ToArray(), b.Labels.ToArray());
        AssertClose(a.Centers, b.Centers, 1e-5);
    }

    [Fact]
    public void PredictingTheCenters_GivesEachItsOwnIndex_AndTransformHasAZeroDiagonal()
    {
        var x = new DenseMatrix<T>(TestData.Blobs<T>(800, D, 6, 16), 800, D);
        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 6, RandomState = 17 }).Fit(x);

        Assert.Equal(Enumerable.Range(0, 6).ToArray(), model.Predict(model.Centers));
        DenseMatrix<T> distances = model.Transform(model.Centers);
        for (int j = 0; j < 6; j++)
        {
            Assert.True(double.CreateTruncating(distances.Row(j)[j]) <= 1e-3, $"distance of center {j} to itself: {distances.Row(j)[j]}");
        }
    }

    [Fact]
    public void Score_IsMinusTheInertiaOnTheTrainingData()
    {
        var x = new DenseMatrix<T>(TestData.Blobs<T>(900, D, 4, 18), 900, D);
        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 4, RandomState = 19 }).Fit(x);

        Assert.Equal(-model.Inertia, model.Score(x), model.Inertia * 1e-4);
    }

    [Fact]
    public void DenseAndCsr_GiveTheSameClustering()
    {
        CsrMatrix<T> csr = TestData.Sparse<T>(1200, 20, 0.3, 20);
        T[] dense = new T[1200 * 20];
        for (int i = 0; i < csr.Rows; i++)
        {
            SparseRow<T> row = csr.Row(i);
            for (int e = 0; e < row.Values.Length; e++)
            {
                dense[(i * 20) + row.Indices[e]] = row.Values[e];
            }
        }

        var init = new DenseMatrix<T>(dense.AsSpan(0, 5 * 20).ToArray(), 5, 20);
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 5 });
        KMeansModel<T> a = kmeans.Fit(new DenseMatrix<T>(dense, 1200, 20), init);
        KMeansModel<T> b = kmeans.Fit(csr, init);

        Assert.Equal(a.Labels.ToArray(), b.Labels.ToArray());
        Assert.Equal(a.Inertia, b.Inertia, a.Inertia * 1e-4);
        AssertClose(a.Centers, b.Centers, 1e-4);
    }

    [Fact]
    public void RandomInitWithAutoRuns_IsNoWorseThanItsFirstRun()
    {
        var x = new DenseMatrix<T>(TestData.Blobs<T>(1000, D, 8, 21), 1000, D);
        KMeansModel<T> best = new KMeans<T>(new KMeansOptions { Clusters = 8, Init = KMeansInit.Random, RandomState = 22 }).Fit(x);
        KMeansModel<T> single = new KMeans<T>(new KMeansOptions { Clusters = 8, Init = KMeansInit.Random, InitRuns = 1, RandomState = 22 }).Fit(x);

        Assert.True(best.Inertia <= single.Inertia);
    }

    [Fact]
    public void FewerDistinctPointsThanClusters_WarnsInsteadOfFailing()
    {
        T[] data = Enumerable.Range(0, 60).Select(i => T.CreateTruncating(i % 3)).ToArray();

        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 5, RandomState = 0 }).Fit(new DenseMatrix<T>(data, 60, 1));

        Assert.Contains(model.Warnings, w => w.Contains("distinct clusters (3)", StringComparison.Ordinal));
        Assert.Equal(0.0, model.Inertia);
    }

    [Fact]
    public void Cancellation_StopsTheFit()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var x = new DenseMatrix<T>(TestData.Uniform<T>(500, D, 23), 500, D);

        Assert.ThrowsAny<OperationCanceledException>(() => new KMeans<T>(new KMeansOptions { Clusters = 3 }).Fit(x, cancellationToken: source.Token));
    }

    [Fact]
    public void Verbose_WritesScikitLearnsLines()
    {
        var log = new StringWriter();
        var x = new DenseMatrix<T>(TestData.Blobs<T>(300, D, 3, 24), 300, D);

        new KMeans<T>(new KMeansOptions { Clusters = 3, RandomState = 1, Verbose = true, Log = log }).Fit(x);

        string text = log.ToString();
        Assert.StartsWith("Initialization complete", text, StringComparison.Ordinal);
        Assert.Contains("Iteration 0, inertia ", text, StringComparison.Ordinal);
        Assert.Contains("Converged at iteration", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameSeed_GivesTheSameFit_AndInputIsNotModified()
    {
        T[] data = TestData.Uniform<T>(1000, D, 25);
        T[] copy = (T[])data.Clone();
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 4, RandomState = 26 });

        KMeansModel<T> a = kmeans.Fit(new DenseMatrix<T>(data, 1000, D));
        KMeansModel<T> b = kmeans.Fit(new DenseMatrix<T>(data, 1000, D));

        Assert.Equal(a.Centers.Memory.ToArray(), b.Centers.Memory.ToArray());
        Assert.Equal(copy, data);
    }

    private static void AssertClose(DenseMatrix<T> expected, DenseMatrix<T> actual, double tolerance)
    {
        T[] e = expected.Memory.ToArray();
        T[] a = actual.Memory.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            double x = double.CreateTruncating(e[i]);
            double y = double.CreateTruncating(a[i]);
            Assert.True(Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x)), $"element {i}: {y} vs {x}");
        }
    }
}

/// <summary>Properties in float32.</summary>
public sealed class KMeansPropertyTestsSingle : KMeansPropertyTests<float>
{
}

/// <summary>Properties in float64.</summary>
public sealed class KMeansPropertyTestsDouble : KMeansPropertyTests<double>
{
}
