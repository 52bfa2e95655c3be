using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Solvers;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Algorithms;

/// <summary>
/// The bounds solver forms Lloyd's update sums incrementally — with the per-block cache or, beyond the memory budget,
/// without it — and either way gets Lloyd's centers bit for bit; with every thread count. Lloyd itself sums again only
/// the clusters that moved, and gets the bits of summing every row every pass.
/// </summary>
public abstract class IncrementalSumsTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void WithAndWithoutTheBlockCache_LloydsCenters(bool cache, bool weighted)
    {
        const int n = 5000, d = 6, k = 20;
        T[] data = TestData.Blobs<T>(n, d, 25, seed: 21);
        T[] weights = weighted ? Enumerable.Range(0, n).Select(i => T.CreateTruncating(0.5 + (i % 7))).ToArray() : [];
        DenseMatrix<T> init = AlgorithmFits.Rows(data, d, k, seed: 4);
        var x = new DenseMatrix<T>(data, n, d);
        T[] shift = ColumnMeans(data, d);

        (int[] lloydLabels, T[] lloydCenters, LloydResult lloyd) = Run(new LloydSolver<T, DenseExactRows<T>>(new DenseExactRows<T>(x, shift), weights, k, new PartitionRunner(2, default)), init, n);
        var rows = new DenseExactRows<T>(x, shift);
        var solver = new BoundedSolver<T, DenseExactRows<T>>(rows, weights, k, new PartitionRunner(2, default), new HamerlyBounds<T, DenseExactRows<T>>(rows, k), cache);
        (int[] labels, T[] centers, LloydResult result) = Run(solver, init, n);

        Assert.Equal(lloydLabels, labels);
        Assert.Equal(lloyd.Iterations, result.Iterations);
        Assert.Equal(lloydCenters, centers);
        Assert.Equal(lloyd.Inertia, result.Inertia);
    }

    [Fact]
    public void Csr_WithoutBlocks_LloydsCenters()
    {
        const int n = 3000, d = 50, k = 12;
        CsrMatrix<T> x = TestData.Sparse<T>(n, d, 0.08, seed: 22);
        DenseMatrix<T> init = AlgorithmFits.Rows(AlgorithmFits.Densify(x), d, k, seed: 5);
        (int[] lloydLabels, T[] lloydCenters, LloydResult lloyd) = Run(new LloydSolver<T, CsrExactRows<T>>(new CsrExactRows<T>(x), default, k, new PartitionRunner(2, default)), init, n);
        var rows = new CsrExactRows<T>(x);
        var solver = new BoundedSolver<T, CsrExactRows<T>>(rows, default, k, new PartitionRunner(2, default), new ExponionBounds<T, CsrExactRows<T>>(rows, k), cacheBlockSums: true);
        (int[] labels, T[] centers, LloydResult result) = Run(solver, init, n);
        Assert.Equal(lloydLabels, labels);
        Assert.Equal(lloyd.Iterations, result.Iterations);
        Assert.Equal(lloydCenters, centers);
    }

    [Theory]
    [MemberData(nameof(LloydEquivalenceTests<T>.Accelerated), MemberType = typeof(LloydEquivalenceTests<float>))]
    public void ThreadCount_ChangesNoBit(KMeansAlgorithm algorithm)
    {
        // n much larger than a chunk, so the partitions really run on different threads.
        const int n = 20000, d = 5, k = 24;
        T[] data = TestData.Blobs<T>(n, d, 30, seed: 23);
        DenseMatrix<T> init = AlgorithmFits.Rows(data, d, k, seed: 6);
        var x = new DenseMatrix<T>(data, n, d);
        KMeansModel<T> one = AlgorithmFits.Fit(algorithm, x, init, threads: 1);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            AlgorithmFits.AssertSameResult(one, AlgorithmFits.Fit(algorithm, x, init, threads: threads));
        }

        AlgorithmFits.AssertSameResult(AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, init, threads: 3), one);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lloyd_Dense_SummingOnlyMovedClusters_SameBitsAsSummingEveryRow(bool weighted)
    {
        const int n = 6000, d = 6, k = 20;
        T[] data = TestData.Blobs<T>(n, d, 25, seed: 31);
        var x = new DenseMatrix<T>(data, n, d);
        T[] shift = ColumnMeans(data, d);
        AssertMovedOnlySameBits(() => new DenseExactRows<T>(x, shift), Weights(n, weighted), AlgorithmFits.Rows(data, d, k, seed: 7), n);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lloyd_Csr_SummingOnlyMovedClusters_SameBitsAsSummingEveryRow(bool weighted)
    {
        const int n = 4000, d = 40, k = 12;
        CsrMatrix<T> x = TestData.Sparse<T>(n, d, 0.1, seed: 32);
        AssertMovedOnlySameBits(() => new CsrExactRows<T>(x), Weights(n, weighted), AlgorithmFits.Rows(AlgorithmFits.Densify(x), d, k, seed: 8), n);
    }

    [Fact]
    public void Lloyd_EmptyClusterRelocated_SummingOnlyMovedClusters_SameBitsAsSummingEveryRow()
    {
        // Two equal starting centers: the second gets no row, and the update relocates it (editing the merged sums).
        const int n = 6000, d = 4, k = 10;
        T[] data = TestData.Blobs<T>(n, d, 12, seed: 33);
        var x = new DenseMatrix<T>(data, n, d);
        T[] start = AlgorithmFits.Rows(data, d, k, seed: 9).Memory.ToArray();
        start.AsSpan(0, d).CopyTo(start.AsSpan(d, d));
        AssertMovedOnlySameBits(() => new DenseExactRows<T>(x, ColumnMeans(data, d)), default, new DenseMatrix<T>(start, k, d), n);
    }

    [Fact]
    public void Lloyd_Csr_SumForm_MovingOnlyTheRowsThatMoved_SameBitsAsSummingEveryRow()
    {
        const int n = 4000, d = 40, k = 12;
        CsrMatrix<T> x = OnGrid(TestData.Sparse<T>(n, d, 0.1, seed: 34));
        Assert.Equal(SumForm.Exact, new CsrRows<T>(x).GetSumForm(default));
        AssertMovedRowsSameBits(() => new CsrExactRows<T>(x), AlgorithmFits.Rows(AlgorithmFits.Densify(x), d, k, seed: 10), n);
    }

    [Fact]
    public void Lloyd_Csr_SumForm_EmptyClusterRelocated_SameBitsAsSummingEveryRow()
    {
        // Two equal starting centers: the second gets no row, and the update relocates it.
        const int n = 4000, d = 30, k = 10;
        CsrMatrix<T> x = OnGrid(TestData.Sparse<T>(n, d, 0.15, seed: 35));
        T[] start = AlgorithmFits.Rows(AlgorithmFits.Densify(x), d, k, seed: 11).Memory.ToArray();
        start.AsSpan(0, d).CopyTo(start.AsSpan(d, d));
        AssertMovedRowsSameBits(() => new CsrExactRows<T>(x), new DenseMatrix<T>(start, k, d), n);
    }

    [Fact]
    public void Lloyd_Csr_SumForm_ThreadCount_ChangesNoBit()
    {
        const int n = 6000, d = 30, k = 16;
        CsrMatrix<T> x = OnGrid(TestData.Sparse<T>(n, d, 0.12, seed: 38));
        DenseMatrix<T> init = AlgorithmFits.Rows(AlgorithmFits.Densify(x), d, k, seed: 12);
        KMeansModel<T> one = AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, init, threads: 1);
        foreach (int threads in new[] { 2, 3 })
        {
            AlgorithmFits.AssertSameResult(one, AlgorithmFits.Fit(KMeansAlgorithm.Lloyd, x, init, threads: threads));
        }
    }

    [Fact]
    public void Lloyd_Dense_ExactSums_MovingOnlyTheRowsThatMoved_SameBitsAsSummingEveryRow()
    {
        const int n = 6000, d = 6, k = 20;
        T[] data = TestData.Blobs<T>(n, d, 25, seed: 41);
        var x = new DenseMatrix<T>(data, n, d);
        T[] shift = ColumnMeans(data, d);
        ExactSplit<T> split = ExactSplit<T>.TryCreate(x, shift)!;
        Assert.Equal(SumForm.ExactSplit, new DenseExactRows<T>(x, shift, split).GetSumForm(default));
        AssertMovedRowsSameBits(() => new DenseExactRows<T>(x, shift, split), AlgorithmFits.Rows(data, d, k, seed: 13), n);
    }

    [Fact]
    public void Lloyd_Dense_ExactSums_EmptyClusterRelocated_SameBitsAsSummingEveryRow()
    {
        const int n = 6000, d = 4, k = 10;
        T[] data = TestData.Blobs<T>(n, d, 12, seed: 42);
        var x = new DenseMatrix<T>(data, n, d);
        T[] shift = ColumnMeans(data, d);
        T[] start = AlgorithmFits.Rows(data, d, k, seed: 14).Memory.ToArray();
        start.AsSpan(0, d).CopyTo(start.AsSpan(d, d));
        ExactSplit<T> split = ExactSplit<T>.TryCreate(x, shift)!;
        AssertMovedRowsSameBits(() => new DenseExactRows<T>(x, shift, split), new DenseMatrix<T>(start, k, d), n);
    }

    [Theory]
    [MemberData(nameof(LloydEquivalenceTests<T>.Accelerated), MemberType = typeof(LloydEquivalenceTests<float>))]
    public void Bounds_Dense_ExactSums_MoveRows_LloydsCenters(KMeansAlgorithm algorithm)
    {
        const int n = 5000, d = 6, k = 20;
        T[] data = TestData.Blobs<T>(n, d, 25, seed: 43);
        var x = new DenseMatrix<T>(data, n, d);
        T[] shift = ColumnMeans(data, d);
        ExactSplit<T> split = ExactSplit<T>.TryCreate(x, shift)!;
        DenseMatrix<T> init = AlgorithmFits.Rows(data, d, k, seed: 15);
        AssertBoundsSameAsLloyd(algorithm, () => new DenseExactRows<T>(x, shift, split), init, n);
    }

    [Theory]
    [MemberData(nameof(LloydEquivalenceTests<T>.Accelerated), MemberType = typeof(LloydEquivalenceTests<float>))]
    public void Bounds_Csr_ExactSums_MoveRows_LloydsCenters(KMeansAlgorithm algorithm)
    {
        const int n = 3000, d = 40, k = 12;
        CsrMatrix<T> x = OnGrid(TestData.Sparse<T>(n, d, 0.1, seed: 44));
        AssertBoundsSameAsLloyd(algorithm, () => new CsrExactRows<T>(x), AlgorithmFits.Rows(AlgorithmFits.Densify(x), d, k, seed: 16), n);
    }

    [Fact]
    public void Dense_ExactSums_EachCenterIsItsRowsCorrectlyRoundedSumOverItsCount()
    {
        // The first update's centers against an independent oracle: each cluster's shifted rows summed with Shewchuk's
        // exact summation (Python's math.fsum), times 1 / count in double (scikit-learn's averaging), rounded to T.
        const int n = 3000, d = 5, k = 6;
        T[] data = TestData.Blobs<T>(n, d, k, seed: 45);
        var x = new DenseMatrix<T>(data, n, d);
        T[] shift = ColumnMeans(data, d);
        var rows = new DenseExactRows<T>(x, shift, ExactSplit<T>.TryCreate(x, shift)!);
        var start = new CenterSet<T>(k, d);
        AlgorithmFits.Rows(data, d, k, seed: 17).Memory.Span.CopyTo(start.Values);
        for (int e = 0; e < start.Values.Length; e++)
        {
            start.Values[e] -= shift[e % d];  // in working coordinates, so that every cluster gets rows
        }

        var next = new CenterSet<T>(k, d);
        int[] labels = new int[n];
        Array.Fill(labels, -1);
        start.UpdateNorms();

        var update = new CenterUpdate<T, DenseExactRows<T>>(rows, default, k, new PartitionRunner(2, default));
        var solver = new LloydSolver<T, DenseExactRows<T>>(rows, default, k, new PartitionRunner(2, default));
        solver.Assign(start, labels, update: false);
        update.PrepareSlots();
        Assert.Equal(SumForm.ExactSplit, update.Form);
        for (int p = 0; p < update.Plan.Count; p++)
        {
            (int first, int end) = update.Plan.RowsOf(p);
            for (int i = first; i < end; i++)
            {
                rows.MoveRow(i, -1, labels[i], new T[d], update.SlotSums[p], update.SlotWeights[p]);
            }
        }

        update.SlotsChanged();
        update.Update(start, next, labels);

        for (int j = 0; j < k; j++)
        {
            int[] members = Enumerable.Range(0, n).Where(i => labels[i] == j).ToArray();
            Assert.NotEmpty(members);
            for (int f = 0; f < d; f++)
            {
                double exact = ExactSum(members.Select(i => double.CreateTruncating(data[(i * d) + f] - shift[f])));
                Assert.Equal(T.CreateTruncating(exact * (1.0 / members.Length)), next.Values[(j * d) + f]);
            }
        }
    }

    /// <summary>The sum of <paramref name="values"/> correctly rounded (Shewchuk's partials, as Python's math.fsum).</summary>
    private static double ExactSum(IEnumerable<double> values)
    {
        var partials = new List<double>();
        foreach (double value in values)
        {
            double x = value;
            int used = 0;
            for (int p = 0; p < partials.Count; p++)
            {
                double y = partials[p];
                if (Math.Abs(x) < Math.Abs(y))
                {
                    (x, y) = (y, x);
                }

                double high = x + y;
                double low = y - (high - x);
                if (low != 0)
                {
                    partials[used++] = low;
                }

                x = high;
            }

            partials.RemoveRange(used, partials.Count - used);
            partials.Add(x);
        }

        int count = partials.Count;
        if (count == 0)
        {
            return 0;
        }

        double hi = partials[--count];
        double lo = 0;
        while (count > 0)
        {
            double x = hi;
            double y = partials[--count];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0)
            {
                break;
            }
        }

        // Half-way cases: round-half-even on the partial sum could round the wrong way given the partials below.
        if (count > 0 && ((lo < 0 && partials[count - 1] < 0) || (lo > 0 && partials[count - 1] > 0)))
        {
            double y = lo * 2;
            double x = hi + y;
            if (y == x - hi)
            {
                hi = x;
            }
        }

        return hi;
    }

    [Fact]
    public void Dense_ExactSums_SlotsKeepToThePlansBudget()
    {
        // k·d = 16384 doubles a part: 63 slots of one part fit the budget, and two parts must halve the partitions.
        const int n = 40000, d = 64, k = 256;
        var x = new DenseMatrix<T>(TestData.Uniform<T>(n, d, seed: 46), n, d);
        var rows = new DenseRows<T>(x, null, ExactSplit<T>.TryCreate(x, null)!);
        var update = new CenterUpdate<T, DenseRows<T>>(rows, default, k, new PartitionRunner(1, default));
        update.PrepareSlots();
        Assert.Equal(SumForm.ExactSplit, update.Form);
        long bytes = (long)update.Plan.Count * update.SlotSums[0].Length * sizeof(double);
        Assert.InRange(bytes, 1, RowPartition.SlotBudgetBytes);
    }

    [Fact]
    public void SumForm_ValuesOnACommonGrid_True()
    {
        // Multiples of 2^-10 up to 1, column sums far below 2^53 · 2^-10.
        Assert.Equal(SumForm.Exact, new CsrRows<T>(OnGrid(TestData.Sparse<T>(500, 8, 0.3, seed: 36))).GetSumForm(default));
    }

    [Fact]
    public void SumForm_AColumnTooLargeForTheFinestValue_False()
    {
        // 2^-60 makes q = 2^-60, so a column summing to 1 would need 60 bits.
        T tiny = T.CreateTruncating(Math.ScaleB(1.0, -60));
        var x = new CsrMatrix<T>([T.One, tiny], [0, 1], [0, 1, 2], 2);
        Assert.Equal(SumForm.Ordered, new CsrRows<T>(x).GetSumForm(default));
        var fine = new CsrMatrix<T>([T.CreateTruncating(Math.ScaleB(1.0, -40)), tiny], [0, 1], [0, 1, 2], 2);
        Assert.Equal(SumForm.Exact, new CsrRows<T>(fine).GetSumForm(default));
    }

    [Fact]
    public void SumForm_WithWeights_False()
    {
        CsrMatrix<T> x = OnGrid(TestData.Sparse<T>(100, 8, 0.3, seed: 37));
        Assert.Equal(SumForm.Ordered, new CsrRows<T>(x).GetSumForm(Weights(100, weighted: true)));
    }

    [Fact]
    public void SumForm_DenseWithoutSplit_Ordered()
    {
        var x = new DenseMatrix<T>(Enumerable.Repeat(T.One, 40).ToArray(), 10, 4);
        Assert.Equal(SumForm.Ordered, new DenseRows<T>(x, null).GetSumForm(default));
    }

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(0.75, -2)]
    [InlineData(6.0, 1)]
    [InlineData(double.Epsilon, -1074)]
    [InlineData(-0.5, -1)]
    public void LowestBitExponent_IsThePowerOfTwoTheValueIsAMultipleOf(double value, int exponent)
    {
        Assert.Equal(exponent, DoubleBits.LowestBitExponent(value));
    }

    /// <summary>The matrix with each value rounded up to a multiple of 2^-10 (so in (0, 1], exact in float and double).</summary>
    private static CsrMatrix<T> OnGrid(CsrMatrix<T> x)
    {
        T[] values = x.Values.ToArray().Select(v => T.CreateTruncating(Math.Ceiling(double.CreateTruncating(v) * 1024) / 1024)).ToArray();
        return new CsrMatrix<T>(values, x.Indices.ToArray(), x.RowPointers.ToArray(), x.Columns);
    }

    private static void AssertMovedRowsSameBits<TRows>(Func<TRows> rows, DenseMatrix<T> init, int n)
        where TRows : struct, IExactRows<T>
    {
        var everyRow = new LloydSolver<T, TRows>(rows(), default, init.Rows, new PartitionRunner(2, default)) { SumMovedOnly = false };
        var movedRows = new LloydSolver<T, TRows>(rows(), default, init.Rows, new PartitionRunner(2, default));
        (int[] expectedLabels, T[] expectedCenters, LloydResult expected) = Run(everyRow, init, n);
        (int[] labels, T[] centers, LloydResult result) = Run(movedRows, init, n);

        Assert.True(movedRows.PartitionsMovedRows > 0, "no pass moved single rows between the sums");
        Assert.True(expected.Iterations > 2, "too few iterations to move rows");
        Assert.Equal(expectedLabels, labels);
        Assert.Equal(expected.Iterations, result.Iterations);
        Assert.Equal(expectedCenters, centers);
        Assert.Equal(expected.Inertia, result.Inertia);
    }

    private static void AssertBoundsSameAsLloyd<TRows>(KMeansAlgorithm algorithm, Func<TRows> rows, DenseMatrix<T> init, int n)
        where TRows : struct, IExactRows<T>
    {
        int k = init.Rows;
        (int[] lloydLabels, T[] lloydCenters, LloydResult lloyd) = Run(new LloydSolver<T, TRows>(rows(), default, k, new PartitionRunner(2, default)), init, n);
        TRows boundsRows = rows();
        BoundsAlgorithm<T, TRows> bounds = algorithm switch
        {
            KMeansAlgorithm.Elkan => new ElkanBounds<T, TRows>(boundsRows, k),
            KMeansAlgorithm.Hamerly => new HamerlyBounds<T, TRows>(boundsRows, k),
            KMeansAlgorithm.Exponion => new ExponionBounds<T, TRows>(boundsRows, k),
            _ => new YinyangBounds<T, TRows>(boundsRows, k),
        };
        var solver = new BoundedSolver<T, TRows>(boundsRows, default, k, new PartitionRunner(2, default), bounds, cacheBlockSums: true);
        (int[] labels, T[] centers, LloydResult result) = Run(solver, init, n);

        Assert.True(lloyd.Iterations > 2, "too few iterations to move rows");
        Assert.Equal(lloydLabels, labels);
        Assert.Equal(lloyd.Iterations, result.Iterations);
        Assert.Equal(lloydCenters, centers);
        Assert.Equal(lloyd.Inertia, result.Inertia);
    }

    private static void AssertMovedOnlySameBits<TRows>(Func<TRows> rows, ReadOnlyMemory<T> weights, DenseMatrix<T> init, int n)
        where TRows : struct, IExactRows<T>
    {
        var everyRow = new LloydSolver<T, TRows>(rows(), weights, init.Rows, new PartitionRunner(2, default)) { SumMovedOnly = false };
        var movedOnly = new LloydSolver<T, TRows>(rows(), weights, init.Rows, new PartitionRunner(2, default));
        (int[] expectedLabels, T[] expectedCenters, LloydResult expected) = Run(everyRow, init, n);
        (int[] labels, T[] centers, LloydResult result) = Run(movedOnly, init, n);

        Assert.True(movedOnly.PartitionsSummedMovedOnly + movedOnly.PartitionsMovedRows > 0, "no pass summed only what moved");
        Assert.Equal(0, everyRow.PartitionsSummedMovedOnly + everyRow.PartitionsMovedRows);
        Assert.Equal(expectedLabels, labels);
        Assert.Equal(expected.Iterations, result.Iterations);
        Assert.Equal(expectedCenters, centers);
        Assert.Equal(expected.Inertia, result.Inertia);
    }

    private static T[] Weights(int n, bool weighted) =>
        weighted ? Enumerable.Range(0, n).Select(i => T.CreateTruncating(0.25 + (i % 5))).ToArray() : [];

    private static (int[] Labels, T[] Centers, LloydResult Result) Run(IKMeansSolver<T> solver, DenseMatrix<T> init, int n)
    {
        // The solvers run in working coordinates; both get the same starting centers, which is all that matters here.
        var centers = new CenterSet<T>(init.Rows, init.Columns);
        init.Memory.Span.CopyTo(centers.Values);

        int[] labels = new int[n];
        LloydResult result = solver.Run(centers, labels, 300, 0, default);
        return (labels, centers.Values.ToArray(), result);
    }

    private static T[] ColumnMeans(T[] data, int d)
    {
        var means = new T[d];
        int n = data.Length / d;
        for (int f = 0; f < d; f++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += double.CreateTruncating(data[(i * d) + f]);
            }

            means[f] = T.CreateTruncating(sum / n);
        }

        return means;
    }
}

public sealed class IncrementalSumsTestsSingle : IncrementalSumsTests<float>;

public sealed class IncrementalSumsTestsDouble : IncrementalSumsTests<double>;
