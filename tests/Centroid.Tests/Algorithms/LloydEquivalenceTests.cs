using System.Numerics;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Algorithms;

/// <summary>
/// Every accelerated algorithm returns our Lloyd's result from the same initial centers: the same labels and iteration
/// count at every stopping rule, and — since the update step is shared and the labels are equal at every iteration —
/// the same centers and inertia bit for bit; dense and CSR, float and double.
/// </summary>
public abstract class LloydEquivalenceTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TheoryData<KMeansAlgorithm> Accelerated => [KMeansAlgorithm.Elkan, KMeansAlgorithm.Hamerly, KMeansAlgorithm.Exponion, KMeansAlgorithm.Yinyang, KMeansAlgorithm.Sieve];

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void Blobs_Dense(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Blobs<T>(3000, 5, 12, seed: 3);
        AssertSameAsLloyd(algorithm, Dense(data, 5), Init(data, 5, 16, seed: 1), tolerance: 0);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void Uniform_Dense_WithTolerance(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Uniform<T>(2500, 7, seed: 4);
        AssertSameAsLloyd(algorithm, Dense(data, 7), Init(data, 7, 9, seed: 2), tolerance: 1e-4);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void Sparse_Csr(KMeansAlgorithm algorithm)
    {
        CsrMatrix<T> x = TestData.Sparse<T>(1500, 40, 0.1, seed: 5);
        T[] dense = Densify(x);
        AssertSameAsLloyd(algorithm, x, Init(dense, 40, 10, seed: 3), tolerance: 0);
    }

    private static void AssertSameAsLloyd(KMeansAlgorithm algorithm, object x, DenseMatrix<T> init, double tolerance)
    {
        KMeansModel<T> lloyd = Fit(KMeansAlgorithm.Lloyd, x, init, tolerance);
        KMeansModel<T> other = Fit(algorithm, x, init, tolerance);
        Assert.Equal(lloyd.Labels.ToArray(), other.Labels.ToArray());
        Assert.Equal(lloyd.Iterations, other.Iterations);
        Assert.Equal(lloyd.Centers.Memory.ToArray(), other.Centers.Memory.ToArray());
        Assert.Equal(lloyd.Inertia, other.Inertia);
    }

    private static KMeansModel<T> Fit(KMeansAlgorithm algorithm, object x, DenseMatrix<T> init, double tolerance)
    {
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = init.Rows, Tolerance = tolerance, Algorithm = algorithm, MaxIterations = 300 });
        return x is CsrMatrix<T> csr ? kmeans.Fit(csr, init) : kmeans.Fit((DenseMatrix<T>)x, init);
    }

    private static DenseMatrix<T> Dense(T[] data, int d) => new(data, data.Length / d, d);

    private static DenseMatrix<T> Init(T[] data, int d, int k, int seed)
    {
        var random = new System.Random(seed);
        int n = data.Length / d;
        var values = new T[k * d];
        foreach ((int row, int j) in Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(k).Select((row, j) => (row, j)))
        {
            data.AsSpan(row * d, d).CopyTo(values.AsSpan(j * d, d));
        }

        return new DenseMatrix<T>(values, k, d);
    }

    private static T[] Densify(CsrMatrix<T> x)
    {
        var dense = new T[x.Rows * x.Columns];
        for (int i = 0; i < x.Rows; i++)
        {
            SparseRow<T> row = x.Row(i);
            for (int e = 0; e < row.Values.Length; e++)
            {
                dense[(i * x.Columns) + row.Indices[e]] += row.Values[e];
            }
        }

        return dense;
    }
}

public sealed class LloydEquivalenceTestsSingle : LloydEquivalenceTests<float>;

public sealed class LloydEquivalenceTestsDouble : LloydEquivalenceTests<double>;
