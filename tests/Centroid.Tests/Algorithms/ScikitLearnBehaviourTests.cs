using System.Numerics;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Algorithms;

/// <summary>
/// The behaviours scikit-learn's own tests check for <c>algorithm="elkan"</c> (sklearn/cluster/tests/test_k_means.py),
/// written again for every accelerated algorithm, float and double, dense and CSR.
/// </summary>
public abstract class ScikitLearnBehaviourTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TheoryData<KMeansAlgorithm, bool> AlgorithmsAndFormats()
    {
        var data = new TheoryData<KMeansAlgorithm, bool>();
        foreach (KMeansAlgorithm algorithm in AlgorithmFits.Accelerated)
        {
            data.Add(algorithm, false);
            data.Add(algorithm, true);
        }

        return data;
    }

    /// <summary>test_kmeans_results: a toy problem with weights, results computed by hand.</summary>
    [Theory]
    [MemberData(nameof(AlgorithmsAndFormats))]
    public void ToyProblem_ResultsByHand(KMeansAlgorithm algorithm, bool csr)
    {
        T[] x = Values(0, 0, 0.5, 0, 0.5, 1, 1, 1);
        T[] weights = Values(3, 1, 1, 3);
        KMeansModel<T> model = AlgorithmFits.Fit(algorithm, Data(x, 2, csr), new DenseMatrix<T>(Values(0, 0, 1, 1), 2, 2), tolerance: 1e-4, weights: weights);
        Assert.Equal([0, 0, 1, 1], model.Labels.ToArray());
        Assert.Equal(0.375, model.Inertia, 1e-6);
        Assert.Equal([0.125, 0, 0.875, 1], model.Centers.Memory.ToArray().Select(double.CreateTruncating), new Tolerance(1e-6));
        Assert.Equal(2, model.Iterations);
    }

    /// <summary>test_kmeans_relocated_clusters: the second center is empty at first and gets relocated.</summary>
    [Theory]
    [MemberData(nameof(AlgorithmsAndFormats))]
    public void EmptyClusterRelocated(KMeansAlgorithm algorithm, bool csr)
    {
        T[] x = Values(0, 0, 0.5, 0, 0.5, 1, 1, 1);
        KMeansModel<T> model = AlgorithmFits.Fit(algorithm, Data(x, 2, csr), new DenseMatrix<T>(Values(0.5, 0.5, 3, 3), 2, 2), tolerance: 1e-4);
        Assert.Equal(3, model.Iterations);
        Assert.Equal(0.25, model.Inertia, 1e-6);
        int[] labels = model.Labels.ToArray();
        Assert.True(labels.SequenceEqual([0, 0, 1, 1]) || labels.SequenceEqual([1, 1, 0, 0]), string.Join(",", labels));
    }

    /// <summary>test_kmeans_empty_cluster_relocated: relocation with sample weights keeps two clusters.</summary>
    [Theory]
    [MemberData(nameof(AlgorithmsAndFormats))]
    public void EmptyClusterRelocatedWithWeights(KMeansAlgorithm algorithm, bool csr)
    {
        KMeansModel<T> model = AlgorithmFits.Fit(algorithm, Data(Values(-1, 1), 1, csr), new DenseMatrix<T>(Values(-1, 10), 2, 1), tolerance: 1e-4, weights: Values(1.9, 0.1));
        Assert.Equal(2, model.Labels.ToArray().Distinct().Count());
        Assert.Equal([-1.0, 1.0], model.Centers.Memory.ToArray().Select(double.CreateTruncating), new Tolerance(1e-6));
    }

    /// <summary>test_kmeans_elkan_iter_attribute: with max_iter = 1 the run reports one iteration.</summary>
    [Theory]
    [MemberData(nameof(AlgorithmsAndFormats))]
    public void OneIteration_ReportsOne(KMeansAlgorithm algorithm, bool csr)
    {
        T[] x = TestData.Uniform<T>(100, 5, seed: 31);
        KMeansModel<T> model = AlgorithmFits.Fit(algorithm, Data(x, 5, csr), new DenseMatrix<T>(x.AsSpan(0, 25).ToArray(), 5, 5), maxIterations: 1);
        Assert.Equal(1, model.Iterations);
        AlgorithmFits.AssertSameResult(AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, Data(x, 5, csr), new DenseMatrix<T>(x.AsSpan(0, 25).ToArray(), 5, 5), maxIterations: 1), model);
    }

    /// <summary>test_kmeans_elkan_results: normal and blob data clipped at 0, tol 1e-2, 1e-8, 1e-100 and 0: the same as Lloyd.</summary>
    [Theory]
    [InlineData(1e-2)]
    [InlineData(1e-8)]
    [InlineData(1e-100)]
    [InlineData(0.0)]
    public void SameAsLloyd_AtEveryTolerance(double tolerance)
    {
        var random = new System.Random(42);
        T[] normal = Enumerable.Range(0, 2000 * 10).Select(_ => T.Max(T.Zero, T.CreateTruncating(Gaussian(random)))).ToArray();
        T[] blobs = TestData.Blobs<T>(100, 2, 3, seed: 42).Select(v => T.Max(T.Zero, v)).ToArray();
        foreach ((T[] x, int d) in new[] { (normal, 10), (blobs, 2) })
        {
            foreach (bool csr in new[] { false, true })
            {
                var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 5, RandomState = 42, Tolerance = tolerance });
                var options = kmeans.Options;
                KMeansModel<T> lloyd = FitWith(options, x, d, csr);
                foreach (KMeansAlgorithm algorithm in AlgorithmFits.Accelerated)
                {
                    AlgorithmFits.AssertSameResult(lloyd, FitWith(options with { Algorithm = algorithm }, x, d, csr));
                }
            }
        }
    }

    /// <summary>test_warning_elkan_1_cluster: Elkan with one cluster warns and runs Lloyd.</summary>
    [Fact]
    public void ElkanWithOneCluster_WarnsAndRunsLloyd()
    {
        T[] x = TestData.Uniform<T>(50, 3, seed: 1);
        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 1, Algorithm = KMeansAlgorithm.Elkan, RandomState = 0 }).Fit(new DenseMatrix<T>(x, 50, 3));
        Assert.Equal(KMeansAlgorithm.Lloyd, model.Algorithm);
        Assert.Contains("algorithm='elkan' doesn't make sense for a single cluster. Using 'lloyd' instead.", model.Warnings);
    }

    /// <summary>test_kmeans_predict: predict on the training data gives the fit's labels, and the centers predict themselves.</summary>
    [Theory]
    [MemberData(nameof(AlgorithmsAndFormats))]
    public void Predict_AgreesWithTheFit(KMeansAlgorithm algorithm, bool csr)
    {
        T[] x = TestData.Blobs<T>(200, 10, 10, seed: 7);
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = 10, Init = KMeansInit.Random, InitRuns = 10, MaxIterations = 100, RandomState = 7, Algorithm = algorithm });
        KMeansModel<T> model = csr ? kmeans.Fit(ScikitLearnCase.ToCsr(x, 10)) : kmeans.Fit(new DenseMatrix<T>(x, 200, 10));
        int[] predicted = csr ? model.Predict(ScikitLearnCase.ToCsr(x, 10)) : model.Predict(new DenseMatrix<T>(x, 200, 10));
        Assert.Equal(model.Labels.ToArray(), predicted);
        Assert.Equal(Enumerable.Range(0, 10).ToArray(), model.Predict(model.Centers));
    }

    /// <summary>test_kmeans_verbose: the per-iteration lines and the convergence line (Elkan's lines end without a period, as scikit-learn's).</summary>
    [Theory]
    [InlineData(KMeansAlgorithm.Elkan, 1e-2)]
    [InlineData(KMeansAlgorithm.Elkan, 0.0)]
    [InlineData(KMeansAlgorithm.Hamerly, 0.0)]
    public void Verbose_Lines(KMeansAlgorithm algorithm, double tolerance)
    {
        T[] x = TestData.Uniform<T>(1000, 10, seed: 0);
        var log = new StringWriter();
        new KMeans<T>(new KMeansOptions { Clusters = 8, Init = KMeansInit.Random, InitRuns = 1, RandomState = 42, Tolerance = tolerance, Verbose = true, Log = log, Algorithm = algorithm })
            .Fit(new DenseMatrix<T>(x, 1000, 10));
        string text = log.ToString();
        Assert.Contains("Initialization complete", text);
        Assert.Matches(algorithm == KMeansAlgorithm.Elkan ? @"(?m)^Iteration [0-9]+, inertia [0-9.E+-]+\r?$" : @"(?m)^Iteration [0-9]+, inertia [0-9.E+-]+\.\r?$", text);
        Assert.Matches(tolerance == 0 ? "strict convergence" : "center shift .* within tolerance", text);
    }

    private static KMeansModel<T> FitWith(KMeansOptions options, T[] x, int d, bool csr)
    {
        var kmeans = new KMeans<T>(options);
        return csr ? kmeans.Fit(ScikitLearnCase.ToCsr(x, d)) : kmeans.Fit(new DenseMatrix<T>(x, x.Length / d, d));
    }

    private static object Data(T[] x, int d, bool csr) => csr ? ScikitLearnCase.ToCsr(x, d) : new DenseMatrix<T>(x, x.Length / d, d);

    private static T[] Values(params double[] values) => values.Select(T.CreateTruncating).ToArray();

    private static double Gaussian(System.Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

public sealed class ScikitLearnBehaviourTestsSingle : ScikitLearnBehaviourTests<float>;

public sealed class ScikitLearnBehaviourTestsDouble : ScikitLearnBehaviourTests<double>;
