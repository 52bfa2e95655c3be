using System.Numerics;

namespace Centroid.Tests.Algorithms;

/// <summary>Data and fits shared by the accelerated-algorithm tests.</summary>
internal static class AlgorithmFits
{
    /// <summary>The algorithms that use bounds (all return Lloyd's result).</summary>
    public static readonly KMeansAlgorithm[] Accelerated = [KMeansAlgorithm.Elkan, KMeansAlgorithm.Hamerly, KMeansAlgorithm.Exponion, KMeansAlgorithm.Yinyang];

    /// <summary>A theory row per accelerated algorithm.</summary>
    public static TheoryData<KMeansAlgorithm> AcceleratedData()
    {
        var data = new TheoryData<KMeansAlgorithm>();
        foreach (KMeansAlgorithm algorithm in Accelerated)
        {
            data.Add(algorithm);
        }

        return data;
    }

    /// <summary>Fits dense <paramref name="x"/> (or CSR when <paramref name="csr"/> is given) from <paramref name="init"/>.</summary>
    public static KMeansModel<T> Fit<T>(KMeansAlgorithm algorithm, object x, DenseMatrix<T> init, double tolerance = 0, int maxIterations = 300, ReadOnlyMemory<T> weights = default, int? threads = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kmeans = new KMeans<T>(new KMeansOptions
        {
            Clusters = init.Rows,
            Tolerance = tolerance,
            Algorithm = algorithm,
            MaxIterations = maxIterations,
            MaxDegreeOfParallelism = threads,
        });
        return x is CsrMatrix<T> csr ? kmeans.Fit(csr, init, weights) : kmeans.Fit((DenseMatrix<T>)x, init, weights);
    }

    /// <summary>k distinct rows of <paramref name="data"/> (n × d), chosen by a seeded shuffle.</summary>
    public static DenseMatrix<T> Rows<T>(T[] data, int d, int k, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        int n = data.Length / d;
        int[] rows = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(k).ToArray();
        var values = new T[k * d];
        for (int j = 0; j < k; j++)
        {
            data.AsSpan(rows[j] * d, d).CopyTo(values.AsSpan(j * d, d));
        }

        return new DenseMatrix<T>(values, k, d);
    }

    /// <summary>The dense row-major form of <paramref name="x"/>.</summary>
    public static T[] Densify<T>(CsrMatrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
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

    /// <summary>Asserts that <paramref name="actual"/> is <paramref name="lloyd"/>'s result: labels, iterations, and centers and inertia bit for bit.</summary>
    public static void AssertSameResult<T>(KMeansModel<T> lloyd, KMeansModel<T> actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(lloyd.Labels.ToArray(), actual.Labels.ToArray());
        Assert.Equal(lloyd.Iterations, actual.Iterations);
        Assert.Equal(lloyd.Centers.Memory.ToArray(), actual.Centers.Memory.ToArray());
        Assert.Equal(lloyd.Inertia, actual.Inertia);
    }
}
