using System.Numerics;
using Centroid.Initialization;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Random;

namespace Centroid.Tests.Clustering;

/// <summary>
/// Small cases whose scikit-learn results are known exactly (the reference's Appendix B, run with scikit-learn;
/// the k-means++ vectors are scikit-learn ≥ 1.4's), for float and double.
/// </summary>
public abstract class GoldenVectorTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly double[] Square = [0, 0, 0.5, 0, 0.5, 1, 1, 1];
    private static readonly double[] SixPoints = [1, 2, 1, 4, 1, 0, 10, 2, 10, 4, 10, 0];

    [Fact]
    public void WeightedFit_FromGivenCenters_MatchesScikitLearn()
    {
        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 2 })
            .Fit(Matrix(Square, 2), Matrix([0, 0, 1, 1], 2), Values(3, 1, 1, 3));

        Assert.Equal([0, 0, 1, 1], model.Labels.ToArray());
        Assert.Equal(0.375, model.Inertia, 1e-6);
        Assert.Equal(2, model.Iterations);
        AssertCenters(model, [0.125, 0, 0.875, 1]);
    }

    [Fact]
    public void EmptyClusterAtFirstIteration_IsRelocatedToTheFarthestPoint()
    {
        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 2 })
            .Fit(Matrix(Square, 2), Matrix([0.5, 0.5, 3, 3], 2));

        Assert.Equal(0.25, model.Inertia, 1e-6);
        Assert.Equal(3, model.Iterations);
        double[] c = Centers(model);
        double[] expected = c[0] < 0.5 ? [0.25, 0, 0.75, 1] : [0.75, 1, 0.25, 0];
        Assert.Equal(expected, c, new Tolerance(1e-6));
    }

    [Fact]
    public void RelocationHonoursSampleWeights()
    {
        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 2 })
            .Fit(Matrix([-1, 1], 1), Matrix([-1, 10], 1), Values(1.9, 0.1));

        AssertCenters(model, [-1, 1]);
    }

    [Fact]
    public void KMeansPlusPlusFit_WithSeedZero_MatchesScikitLearn()
    {
        KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = 2, RandomState = 0 }).Fit(Matrix(SixPoints, 2));

        Assert.Equal([1, 1, 1, 0, 0, 0], model.Labels.ToArray());
        AssertCenters(model, [10, 2, 1, 2]);
        Assert.Equal(16.0, model.Inertia, 1e-5);
        Assert.Equal(2, model.Iterations);
        Assert.Equal([1, 0], model.Predict(Matrix([0, 0, 12, 3], 2)));
    }

    [Fact]
    public void KMeansPlusPlus_WithSeedZero_PicksScikitLearnMainsRows()
    {
        var rows = new DenseRows<T>(Matrix(SixPoints, 2), null);
        var init = new KMeansPlusPlus<T, DenseRows<T>>(rows, default, new PartitionRunner(1, default));
        var centers = new CenterSet<T>(2, 2);

        int[] chosen = init.Run(centers, new NumpyRandomState(0), default);

        Assert.Equal([3, 2], chosen);
    }

    internal static DenseMatrix<T> Matrix(double[] values, int columns) =>
        new(values.Select(T.CreateTruncating).ToArray(), values.Length / columns, columns);

    internal static ReadOnlyMemory<T> Values(params double[] values) => values.Select(T.CreateTruncating).ToArray();

    private static double[] Centers(KMeansModel<T> model)
    {
        var result = new List<double>();
        for (int j = 0; j < model.Clusters; j++)
        {
            foreach (T v in model.Centers.Row(j))
            {
                result.Add(double.CreateTruncating(v));
            }
        }

        return [.. result];
    }

    private static void AssertCenters(KMeansModel<T> model, double[] expected) =>
        Assert.Equal(expected, Centers(model), new Tolerance(1e-6));
}

/// <summary>Golden vectors in float32.</summary>
public sealed class GoldenVectorTestsSingle : GoldenVectorTests<float>
{
}

/// <summary>Golden vectors in float64.</summary>
public sealed class GoldenVectorTestsDouble : GoldenVectorTests<double>
{
}
