using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;
using Centroid.Solvers;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Profiling;

/// <summary>
/// Each accelerated algorithm allocates what <see cref="KMeansAlgorithm"/>'s documentation states, beyond Lloyd: a fit
/// with the algorithm minus the same fit with Lloyd, on one thread (every allocation on the test's thread), is the
/// stated bytes within a few percent and a few tens of KiB of per-thread buffers.
/// </summary>
/// <remarks>
/// n = 20000 rows fills every one of the 64 row partitions, so the partitions' sums (Lloyd's too) cancel. Exact sums
/// add each row's summed cluster (4n); otherwise dense data adds the block cache (it fits the budget at these sizes) and
/// CSR nothing.
/// </remarks>
public abstract class AlgorithmMemoryTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = 20_000;
    private const int Features = 20;

    // Per-thread buffers (a tile and a batch of 64 rows, one row of scores per tile row) and small tables.
    private const long SlackBytes = 48 << 10;

    [Theory]
    [InlineData(KMeansAlgorithm.Elkan, 16, false)]
    [InlineData(KMeansAlgorithm.Elkan, 64, true)]
    [InlineData(KMeansAlgorithm.Hamerly, 16, true)]
    [InlineData(KMeansAlgorithm.Hamerly, 64, false)]
    [InlineData(KMeansAlgorithm.Exponion, 16, false)]
    [InlineData(KMeansAlgorithm.Exponion, 64, true)]
    [InlineData(KMeansAlgorithm.Yinyang, 16, true)]
    [InlineData(KMeansAlgorithm.Yinyang, 64, false)]
    public void ExtraMemory_IsWhatTheDocumentationStates(KMeansAlgorithm algorithm, int clusters, bool csr)
    {
        T[] values = TestData.Uniform<T>(Rows, Features, seed: 2);
        var init = new DenseMatrix<T>(values.AsSpan(0, clusters * Features).ToArray(), clusters, Features);
        object x = csr ? TestData.AllEntries(values, Rows, Features) : new DenseMatrix<T>(values, Rows, Features);

        // A first pair of fits, on a few rows, compiles and initialises what every later fit shares.
        object warmUp = csr ? TestData.AllEntries(values, 1000, Features) : new DenseMatrix<T>((ReadOnlyMemory<T>)values.AsMemory(0, 1000 * Features), 1000, Features);
        Allocated(algorithm, warmUp, init);
        Allocated(KMeansAlgorithm.Lloyd, warmUp, init);
        long extra = Allocated(algorithm, x, init) - Allocated(KMeansAlgorithm.Lloyd, x, init);

        // Which sums the fit keeps decides the extra: exact (rows moved between them, 4n bytes) or, on dense data, the block cache.
        bool exact = x is CsrMatrix<T> sparse
            ? new CsrRows<T>(sparse).GetSumForm(default) != SumForm.Ordered
            : ExactSplit<T>.TryCreate((DenseMatrix<T>)x, ColumnStatistics.MeansChecked((DenseMatrix<T>)x)) is not null;
        long stated = Documented(algorithm, Rows, clusters, Features, Unsafe.SizeOf<T>(), dense: !csr, exact);
        Assert.InRange(extra, (long)(stated * 0.97) - SlackBytes, (long)(stated * 1.03) + SlackBytes);
    }

    /// <summary>The extra memory as documented on <see cref="KMeansAlgorithm"/> and in the README, in bytes.</summary>
    private static long Documented(KMeansAlgorithm algorithm, long n, long k, long d, long s, bool dense, bool exact)
    {
        long blockCache = exact ? 4 * n : dense ? ((n + 255) / 256) * ((k * d * s) + (4 * k) + (8 * ((k + 63) / 64))) : 0;
        long bounds = algorithm switch
        {
            KMeansAlgorithm.Elkan => (n * k * s) + (8 * n) + (8 * k * k),
            KMeansAlgorithm.Hamerly => (16 * n) + (8 * k * d) + (24 * k),
            KMeansAlgorithm.Exponion => (16 * n) + (8 * k * d) + (20 * k * k) + (24 * k),
            KMeansAlgorithm.Yinyang => (n * ((k + 9) / 10) * s) + (8 * n) + (8 * k * k) + (40 * k),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return bounds + blockCache;
    }

    private static long Allocated(KMeansAlgorithm algorithm, object x, DenseMatrix<T> init)
    {
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = init.Rows, Tolerance = 0, MaxIterations = 2, Algorithm = algorithm, MaxDegreeOfParallelism = 1 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        KMeansModel<T> model = x is CsrMatrix<T> csr ? kmeans.Fit(csr, init) : kmeans.Fit((DenseMatrix<T>)x, init);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(algorithm, model.Algorithm);
        return allocated;
    }
}

public sealed class AlgorithmMemoryTestsSingle : AlgorithmMemoryTests<float>
{
}

public sealed class AlgorithmMemoryTestsDouble : AlgorithmMemoryTests<double>
{
}
