using System.Numerics;
using System.Text.Json;

namespace Centroid.Tests.Clustering;

/// <summary>
/// From the same initial centers, a fit returns scikit-learn 1.2.1's labels and iteration count, and its centers,
/// inertia, predictions, distances and score to rounding — for every fixture case, float and double, dense and CSR.
/// </summary>
public abstract class ScikitLearnParityTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>"float32" or "float64", as the fixture names runs.</summary>
    protected abstract string DataType { get; }

    /// <summary>Relative tolerance for inertia and centers: rounding of sums in another order.</summary>
    protected abstract double RelativeTolerance { get; }

    [Theory]
    [MemberData(nameof(ScikitLearnCase.RunsDecidedByRules), "dense", MemberType = typeof(ScikitLearnCase))]
    public void DenseFit_MatchesScikitLearn(string name) => AssertParity(name, csr: false);

    [Theory]
    [MemberData(nameof(ScikitLearnCase.RunsDecidedByRules), "csr", MemberType = typeof(ScikitLearnCase))]
    public void CsrFit_MatchesScikitLearn(string name) => AssertParity(name, csr: true);

    private void AssertParity(string name, bool csr)
    {
        ScikitLearnCase c = ScikitLearnCase.Load(name);
        string run = $"{DataType}/{(csr ? "csr" : "dense")}";
        JsonElement expected = c.Run(run);

        T[] data = ScikitLearnCase.Cast<T>(c.Dense);
        var init = new DenseMatrix<T>(ScikitLearnCase.Cast<T>(c.Init), c.Clusters, c.Columns);
        ReadOnlyMemory<T> weights = c.Weights is null ? default : ScikitLearnCase.Cast<T>(c.Weights);
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = c.Clusters, MaxIterations = c.MaxIterations, Tolerance = c.Tolerance });
        var test = new DenseMatrix<T>(ScikitLearnCase.Cast<T>(c.Test), c.Test.Length / c.Columns, c.Columns);

        KMeansModel<T> model;
        int[] predicted;
        DenseMatrix<T> distances;
        double score;
        if (csr)
        {
            model = kmeans.Fit(ScikitLearnCase.ToCsr(data, c.Columns), init, weights);
            CsrMatrix<T> testCsr = ScikitLearnCase.ToCsr(ScikitLearnCase.Cast<T>(c.Test), c.Columns);
            predicted = model.Predict(testCsr);
            distances = model.Transform(testCsr);
            score = model.Score(testCsr);
        }
        else
        {
            model = kmeans.Fit(new DenseMatrix<T>(data, c.Rows, c.Columns), init, weights);
            predicted = model.Predict(test);
            distances = model.Transform(test);
            score = model.Score(test);
        }

        Assert.Equal(Ints(expected.GetProperty("labels")), model.Labels.ToArray());
        Assert.Equal(expected.GetProperty("n_iter").GetInt32(), model.Iterations);
        AssertClose(expected.GetProperty("inertia").GetDouble(), model.Inertia, "inertia");
        double scale = Math.Max(1.0, c.Dense.Max(Math.Abs));
        double[] centers = Flatten(expected.GetProperty("centers"));
        for (int i = 0; i < centers.Length; i++)
        {
            double actual = double.CreateTruncating(model.Centers.Row(i / c.Columns)[i % c.Columns]);
            Assert.True(Math.Abs(actual - centers[i]) <= RelativeTolerance * scale, $"center value {i}: {actual} vs scikit-learn {centers[i]}");
        }

        Assert.Equal(Ints(expected.GetProperty("predict_test")), predicted);
        double[] transform = Flatten(expected.GetProperty("transform_test"));
        for (int i = 0; i < transform.Length; i++)
        {
            double actual = double.CreateTruncating(distances.Row(i / c.Clusters)[i % c.Clusters]);
            Assert.True(Math.Abs(actual - transform[i]) <= RelativeTolerance * scale * 10, $"distance {i}: {actual} vs scikit-learn {transform[i]}");
        }

        AssertClose(expected.GetProperty("score_test").GetDouble(), score, "score");
    }

    private void AssertClose(double expected, double actual, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= RelativeTolerance * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: {actual:R} vs scikit-learn {expected:R} (relative difference {Math.Abs(expected - actual) / Math.Abs(expected):E2})");

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static double[] Flatten(JsonElement array) =>
        array.EnumerateArray().SelectMany(row => row.EnumerateArray().Select(e => e.GetDouble())).ToArray();
}

/// <summary>Parity in float32: scikit-learn sums in float32, this library in double, so values agree to float32 rounding.</summary>
public sealed class ScikitLearnParityTestsSingle : ScikitLearnParityTests<float>
{
    protected override string DataType => "float32";

    protected override double RelativeTolerance => 1e-4;
}

/// <summary>Parity in float64: only the order of summation differs.</summary>
public sealed class ScikitLearnParityTestsDouble : ScikitLearnParityTests<double>
{
    protected override string DataType => "float64";

    protected override double RelativeTolerance => 1e-9;
}
