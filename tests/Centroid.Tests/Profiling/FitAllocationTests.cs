using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Profiling;

/// <summary>
/// What a fit allocates does not grow with n × d (nor n × k): no copy of the data, no centered or converted copy, no
/// n × k distance matrix. Measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> on a single-threaded fit
/// (<c>MaxDegreeOfParallelism = 1</c>, so every allocation is on the test's thread) at two sizes of n with the same d and k.
/// </summary>
/// <remarks>
/// <para>What a fit may legitimately allocate in proportion to n alone, and is subtracted before comparing:</para>
/// <list type="bullet">
/// <item>KMeans: the labels it returns (4 bytes a row) and k-means++'s three n-length arrays of T (the distance of each
/// row to its closest center, for the current and the best candidate), as scikit-learn's own; no more.</item>
/// <item>MiniBatchKMeans: the labels (4 bytes a row) and the cumulative distribution its mini-batches are drawn from
/// (n doubles, NumPy's <c>choice</c>); every other buffer is the size of a batch or of the init sample.</item>
/// </list>
/// <para>What is left must be the same at both sizes (up to <see cref="GrowthSlackBytes"/>: more partition slots)
/// and small: centers, per-partition sums, scratch of a chunk of rows, and for MiniBatchKMeans its validation and init
/// samples and batches, all of a size set by the batch size, not by n. An n × d array of T would add at least
/// 25000 × 20 × 4 bytes between the two sizes, an n × k one 25000 × 8 × 4.</para>
/// </remarks>
public abstract class FitAllocationTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int SmallRows = 5_000;
    private const int LargeRows = 30_000;
    private const int Features = 20;
    private const int Clusters = 8;

    // The rows are split into up to 64 partitions, each with its own k × d sums: up to 64 × 168 doubles here.
    private const long GrowthSlackBytes = 192 << 10;

    // Centers, per-partition sums, a chunk's scratch, the model.
    private const long KMeansResidualLimitBytes = 1 << 20;

    // Besides those: scikit-learn's validation and init samples (3 × 1024 rows each) and the gathered batches.
    private const long MiniBatchResidualLimitBytes = 4 << 20;

    // Enough iterations to show any per-iteration allocation, few enough to keep the test quick in a Debug build.
    private const int MaxIterations = 10;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KMeansFit_AllocatesNothingThatGrowsWithTheData(bool csr)
    {
        int size = Unsafe.SizeOf<T>();
        long Legitimate(int rows) => (long)rows * (sizeof(int) + (3 * size));
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = Clusters, RandomState = 0, InitRuns = 1, MaxIterations = MaxIterations, MaxDegreeOfParallelism = 1 });

        AssertBounded(rows => Fit(rows, csr, x => kmeans.Fit(x), x => kmeans.Fit(x)), Legitimate, KMeansResidualLimitBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MiniBatchKMeansFit_AllocatesNothingThatGrowsWithTheData(bool csr)
    {
        long Legitimate(int rows) => (long)rows * (sizeof(int) + sizeof(double));
        MiniBatchKMeans<T> NewEstimator() =>
            new(new MiniBatchKMeansOptions { Clusters = Clusters, RandomState = 0, InitRuns = 1, MaxIterations = MaxIterations, MaxDegreeOfParallelism = 1 });

        AssertBounded(rows => Fit(rows, csr, x => NewEstimator().Fit(x), x => NewEstimator().Fit(x)), Legitimate, MiniBatchResidualLimitBytes);
    }

    private static void AssertBounded(Func<int, long> allocatedByFit, Func<int, long> legitimate, long residualLimit)
    {
        // A first fit compiles and initialises what every later fit shares.
        allocatedByFit(1_000);

        long small = allocatedByFit(SmallRows) - legitimate(SmallRows);
        long large = allocatedByFit(LargeRows) - legitimate(LargeRows);

        Assert.True(large - small <= GrowthSlackBytes, $"the fit allocates {large - small} bytes more at n = {LargeRows} than at n = {SmallRows}, beyond the O(n) arrays it keeps");
        Assert.True(large <= residualLimit, $"the fit allocates {large} bytes beyond the O(n) arrays it keeps at n = {LargeRows}");
    }

    /// <summary>The bytes allocated on this thread by one fit, the data being made before counting starts.</summary>
    private static long Fit(int rows, bool csr, Func<DenseMatrix<T>, KMeansModel<T>> fitDense, Func<CsrMatrix<T>, KMeansModel<T>> fitCsr)
    {
        T[] values = TestData.Uniform<T>(rows, Features, seed: 1);
        if (csr)
        {
            CsrMatrix<T> sparse = TestData.AllEntries(values, rows, Features);
            long before = GC.GetAllocatedBytesForCurrentThread();
            fitCsr(sparse);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var dense = new DenseMatrix<T>(values, rows, Features);
        long start = GC.GetAllocatedBytesForCurrentThread();
        fitDense(dense);
        return GC.GetAllocatedBytesForCurrentThread() - start;
    }
}

public sealed class FitAllocationTestsSingle : FitAllocationTests<float>
{
}

public sealed class FitAllocationTestsDouble : FitAllocationTests<double>
{
}
