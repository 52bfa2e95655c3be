using System.Numerics;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Algorithms;

/// <summary>
/// Every accelerated algorithm returns our Lloyd's result from the same initial centers — the same labels and iteration
/// count under every stopping rule, and, since the update step is shared and the labels agree at every iteration, the
/// same centers and inertia bit for bit — dense and CSR, float and double, including empty clusters and exact ties.
/// </summary>
public abstract class LloydEquivalenceTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TheoryData<KMeansAlgorithm> Accelerated => AlgorithmFits.AcceleratedData();

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void ClusteredData_ToStrictConvergence(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Blobs<T>(3000, 5, 12, seed: 3);
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 3000, 5), AlgorithmFits.Rows(data, 5, 16, seed: 1));
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void UniformData_ToleranceStop(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Uniform<T>(2500, 7, seed: 4);
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 2500, 7), AlgorithmFits.Rows(data, 7, 9, seed: 2), tolerance: 1e-4);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void IterationLimit_EndsWithAFinalAssignment(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Uniform<T>(2000, 3, seed: 8);
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 2000, 3), AlgorithmFits.Rows(data, 3, 20, seed: 5), maxIterations: 4);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void ManyClusters_MoreThanOneMaskWord(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Blobs<T>(4000, 6, 90, seed: 6);
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 4000, 6), AlgorithmFits.Rows(data, 6, 70, seed: 3));
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void HighDimensional_Wide(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Uniform<T>(1200, 67, seed: 9);
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 1200, 67), AlgorithmFits.Rows(data, 67, 24, seed: 4));
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void SampleWeights(KMeansAlgorithm algorithm)
    {
        T[] data = TestData.Blobs<T>(2000, 4, 8, seed: 10);
        var random = new System.Random(11);
        T[] weights = Enumerable.Range(0, 2000).Select(i => i % 17 == 0 ? T.Zero : T.CreateTruncating(random.NextDouble() * 3)).ToArray();
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 2000, 4), AlgorithmFits.Rows(data, 4, 10, seed: 6), weights: weights);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void Csr(KMeansAlgorithm algorithm)
    {
        CsrMatrix<T> x = TestData.Sparse<T>(1500, 40, 0.1, seed: 5);
        AssertSameAsLloyd(algorithm, x, AlgorithmFits.Rows(AlgorithmFits.Densify(x), 40, 10, seed: 3));
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void Csr_CentersPaddedPastTheLaneMultiple(KMeansAlgorithm algorithm)
    {
        // 1 KiB of centers per feature (k = 256 floats, 128 doubles) gets a cache line of padding centers: every
        // buffer of scores must hold the padded count, not k rounded to the vector width.
        int clusters = 1024 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        CsrMatrix<T> x = TestData.Sparse<T>(1100, 12, 0.5, seed: 13);
        AssertSameAsLloyd(algorithm, x, AlgorithmFits.Rows(AlgorithmFits.Densify(x), 12, clusters, seed: 8), maxIterations: 3);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void Dense_CentersPaddedPastTheLaneMultiple(KMeansAlgorithm algorithm)
    {
        int clusters = 1024 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        T[] data = TestData.Uniform<T>(1100, 5, seed: 14);
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 1100, 5), AlgorithmFits.Rows(data, 5, clusters, seed: 9), maxIterations: 3);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void Csr_WeightsAndToleranceStop(KMeansAlgorithm algorithm)
    {
        CsrMatrix<T> x = TestData.Sparse<T>(1200, 30, 0.15, seed: 12);
        T[] weights = Enumerable.Range(0, 1200).Select(i => T.CreateTruncating(1 + (i % 5))).ToArray();
        AssertSameAsLloyd(algorithm, x, AlgorithmFits.Rows(AlgorithmFits.Densify(x), 30, 12, seed: 7), tolerance: 1e-3, weights: weights);
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void EmptyCluster_IsRelocatedAsLloydDoes(KMeansAlgorithm algorithm)
    {
        // Three far-away initial centers get no points at first: relocation moves the farthest points to them.
        T[] data = TestData.Blobs<T>(1500, 3, 4, seed: 13);
        DenseMatrix<T> rows = AlgorithmFits.Rows(data, 3, 5, seed: 8);
        T[] init = new T[8 * 3];
        rows.Memory.Span.CopyTo(init);
        for (int f = 0; f < 9; f++)
        {
            init[15 + f] = T.CreateTruncating(1000 + (37 * f));
        }

        var initial = new DenseMatrix<T>(init, 8, 3);
        KMeansModel<T> lloyd = AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, new DenseMatrix<T>(data, 1500, 3), initial);
        Assert.Equal(8, lloyd.Labels.ToArray().Distinct().Count());
        AlgorithmFits.AssertSameResult(lloyd, AlgorithmFits.Fit(algorithm, new DenseMatrix<T>(data, 1500, 3), initial));
        AlgorithmFits.AssertSameResult(
            AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, ScikitLearnCase.ToCsr(data, 3), initial),
            AlgorithmFits.Fit(algorithm, ScikitLearnCase.ToCsr(data, 3), initial));
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void ExactTies_DuplicatePointsOnAGrid(KMeansAlgorithm algorithm)
    {
        // Integer points, each repeated many times, and centers placed so that many points are exactly equidistant
        // from two or four centers: Lloyd breaks those ties by the lowest index, and so must every algorithm.
        const int d = 2;
        var values = new List<T>();
        for (int copy = 0; copy < 12; copy++)
        {
            for (int a = 0; a < 9; a++)
            {
                for (int b = 0; b < 9; b++)
                {
                    values.Add(T.CreateTruncating(a));
                    values.Add(T.CreateTruncating(b));
                }
            }
        }

        T[] data = [.. values];
        T[] init = [.. new double[] { 1, 1, 1, 7, 7, 1, 7, 7, 4, 4, 4, 1 }.Select(T.CreateTruncating)];
        var initial = new DenseMatrix<T>(init, 6, d);
        foreach (object x in new object[] { new DenseMatrix<T>(data, data.Length / d, d), ScikitLearnCase.ToCsr(data, d) })
        {
            KMeansModel<T> lloyd = AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, initial);
            AlgorithmFits.AssertSameResult(lloyd, AlgorithmFits.Fit(algorithm, x, initial));
            AlgorithmFits.AssertSameResult(
                AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, initial, maxIterations: 1),
                AlgorithmFits.Fit(algorithm, x, initial, maxIterations: 1));
        }
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void AllPointsIdentical(KMeansAlgorithm algorithm)
    {
        T[] data = Enumerable.Repeat(T.CreateTruncating(2.5), 600 * 3).ToArray();
        T[] init = [.. Enumerable.Range(0, 4 * 3).Select(i => T.CreateTruncating(i % 5))];
        AssertSameAsLloyd(algorithm, new DenseMatrix<T>(data, 600, 3), new DenseMatrix<T>(init, 4, 3));
    }

    [Theory]
    [MemberData(nameof(Accelerated))]
    public void DataFarFromTheOrigin_Csr(KMeansAlgorithm algorithm)
    {
        // CSR data is not centered: large norms, small distances — the bounds' rounding margin has to hold.
        T[] data = TestData.Blobs<T>(1500, 4, 6, seed: 14).Select(v => v + T.CreateTruncating(1e4)).ToArray();
        AssertSameAsLloyd(algorithm, ScikitLearnCase.ToCsr(data, 4), AlgorithmFits.Rows(data, 4, 6, seed: 9));
    }

    private static void AssertSameAsLloyd(KMeansAlgorithm algorithm, object x, DenseMatrix<T> init, double tolerance = 0, int maxIterations = 300, T[]? weights = null)
    {
        ReadOnlyMemory<T> w = weights ?? default(ReadOnlyMemory<T>);
        KMeansModel<T> lloyd = AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, init, tolerance, maxIterations, w);
        KMeansModel<T> other = AlgorithmFits.Fit(algorithm, x, init, tolerance, maxIterations, w);
        Assert.Equal(algorithm, other.Algorithm);
        AlgorithmFits.AssertSameResult(lloyd, other);
    }
}

public sealed class LloydEquivalenceTestsSingle : LloydEquivalenceTests<float>;

public sealed class LloydEquivalenceTestsDouble : LloydEquivalenceTests<double>;
