using System.Numerics;
using Centroid.Kernels;
using Centroid.Solvers;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Kernels;

/// <summary>
/// Exact update sums for dense rows: with the split, rows added in any order, or added and taken away again, give the
/// same bits; data whose columns span too many bits gets no split.
/// </summary>
public abstract class ExactSplitTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int D = 7;

    [Fact]
    public void RowsAddedInAnyOrder_SameBits()
    {
        (T[][] rows, ExactSplit<T> split) = ShiftedBlobs(3000, seed: 1);
        double[] forward = SumOf(split, rows, Enumerable.Range(0, rows.Length));
        double[] shuffled = SumOf(split, rows, Enumerable.Range(0, rows.Length).OrderBy(i => (i * 7919) % 3001));
        double[] backward = SumOf(split, rows, Enumerable.Range(0, rows.Length).Reverse());

        Assert.Equal(forward, shuffled);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void PartialSumsMergedInAnyGrouping_SameBitsAsOneSum()
    {
        (T[][] rows, ExactSplit<T> split) = ShiftedBlobs(3000, seed: 2);
        var high = new double[D];
        var low = new double[D];
        var high2 = new double[D];
        var low2 = new double[D];
        for (int i = 0; i < rows.Length; i++)
        {
            // Every third row into a second partial sum, which is then added to the first, part by part.
            if (i % 3 == 0)
            {
                split.Add(rows[i], high2, low2);
            }
            else
            {
                split.Add(rows[i], high, low);
            }
        }

        for (int f = 0; f < D; f++)
        {
            high[f] += high2[f];
            low[f] += low2[f];
        }

        ExactSplit<T>.Combine(high, low);
        Assert.Equal(SumOf(split, rows, Enumerable.Range(0, rows.Length)), high);
    }

    [Fact]
    public void RowsAddedThenSubtractedInAnotherOrder_LeaveZero()
    {
        // Rounded sums would leave a residue of rounding errors.
        (T[][] rows, ExactSplit<T> split) = ShiftedBlobs(2000, seed: 3);
        var high = new double[D];
        var low = new double[D];
        foreach (T[] row in rows)
        {
            split.Add(row, high, low);
        }

        foreach (T[] row in rows.Reverse())
        {
            split.Subtract(row, high, low);
        }

        Assert.All(high, h => Assert.Equal(0.0, h));
        Assert.All(low, l => Assert.Equal(0.0, l));
    }

    [Fact]
    public void MovingRowsBetweenSums_SameBitsAsSummingTheirRows()
    {
        (T[][] rows, ExactSplit<T> split) = ShiftedBlobs(2000, seed: 4);
        var aHigh = new double[D];
        var aLow = new double[D];
        var bHigh = new double[D];
        var bLow = new double[D];
        foreach (T[] row in rows)
        {
            split.Add(row, aHigh, aLow);
        }

        // Every fifth row moves from a to b.
        for (int i = 0; i < rows.Length; i += 5)
        {
            split.Subtract(rows[i], aHigh, aLow);
            split.Add(rows[i], bHigh, bLow);
        }

        ExactSplit<T>.Combine(aHigh, aLow);
        ExactSplit<T>.Combine(bHigh, bLow);
        Assert.Equal(SumOf(split, rows, Enumerable.Range(0, rows.Length).Where(i => i % 5 != 0)), aHigh);
        Assert.Equal(SumOf(split, rows, Enumerable.Range(0, rows.Length).Where(i => i % 5 == 0)), bHigh);
    }

    [Fact]
    public void Sum_IsTheExactSumRoundedOnce()
    {
        // 1 + 2^-40 + ... : in double, 1 + 2^-60 rounds to 1, and adding 2^-60 a thousand times to 1 leaves 1; exactly, the
        // thousand add up to 1000 · 2^-60, which the rounded result keeps.
        T tiny = T.CreateTruncating(Math.ScaleB(1.0, -60));
        T[][] rows = [[T.One], .. Enumerable.Repeat(new[] { tiny }, 1000)];
        ExactSplit<T> split = ExactSplit<T>.TryCreate(new DenseMatrix<T>(rows.SelectMany(r => r).ToArray(), rows.Length, 1), null)
            ?? throw new Xunit.Sdk.XunitException("no split for 61 bits");
        double[] sum = SumOf(split, rows, Enumerable.Range(0, rows.Length));
        Assert.Equal(1.0 + (1000 * Math.ScaleB(1.0, -60)), sum[0]);
    }

    [Fact]
    public void TryCreate_ColumnSpanningTooManyBits_Null()
    {
        // 1 and 2^-120 in one column: 121 bits, beyond what two doubles hold with room for the sums.
        T[] values = [T.One, T.CreateTruncating(Math.ScaleB(1.0, -120)), T.Zero, T.One];
        Assert.Null(ExactSplit<T>.TryCreate(new DenseMatrix<T>(values, 2, 2), null));
    }

    [Fact]
    public void TryCreate_AllZeroColumn_Split()
    {
        T[] values = [T.One, T.Zero, T.CreateTruncating(0.5), T.Zero];
        ExactSplit<T> split = ExactSplit<T>.TryCreate(new DenseMatrix<T>(values, 2, 2), null) ?? throw new Xunit.Sdk.XunitException("no split");
        var high = new double[2];
        var low = new double[2];
        split.Add(values.AsSpan(0, 2), high, low);
        split.Add(values.AsSpan(2, 2), high, low);
        ExactSplit<T>.Combine(high, low);
        Assert.Equal([1.5, 0.0], high);
    }

    [Fact]
    public void TryCreate_StridedRows_SameSplitAsContiguous()
    {
        // The same rows, once contiguous and once every other row of a larger array: the same sums.
        T[] data = TestData.Blobs<T>(100, D, 3, seed: 5);
        T[] padded = new T[2 * data.Length];
        for (int i = 0; i < 100; i++)
        {
            data.AsSpan(i * D, D).CopyTo(padded.AsSpan(2 * i * D, D));
        }

        ExactSplit<T> contiguous = ExactSplit<T>.TryCreate(new DenseMatrix<T>(data, 100, D), null)!;
        ExactSplit<T> strided = ExactSplit<T>.TryCreate(new DenseMatrix<T>(padded, 100, D, 2 * D), null)!;
        T[][] rows = Enumerable.Range(0, 100).Select(i => data.AsSpan(i * D, D).ToArray()).ToArray();
        Assert.Equal(SumOf(contiguous, rows, Enumerable.Range(0, 100)), SumOf(strided, rows, Enumerable.Range(0, 100)));
    }

    [Fact]
    public void TryCreate_ThreadCount_SameSplit()
    {
        // Enough rows for three ranges of rows, scanned apart and combined; a tiny value in one range's rows only.
        T[] data = TestData.Blobs<T>(6000, D, 4, seed: 7);
        data[(5000 * D) + 2] = T.CreateTruncating(Math.ScaleB(1.0, -30));
        var x = new DenseMatrix<T>(data, 6000, D);
        T[] means = ColumnStatistics.MeansChecked(x);
        ExactSplit<T> one = ExactSplit<T>.TryCreate(x, means, threads: 1)!;
        ExactSplit<T> three = ExactSplit<T>.TryCreate(x, means, threads: 3)!;
        T[][] rows = Enumerable.Range(0, 6000).Select(i => Enumerable.Range(0, D).Select(f => data[(i * D) + f] - means[f]).ToArray()).ToArray();
        Assert.Equal(SumOf(one, rows, Enumerable.Range(0, 6000)), SumOf(three, rows, Enumerable.Range(0, 6000)));
        Assert.Equal(SumOf(one, rows, Enumerable.Range(0, 6000).Reverse()), SumOf(three, rows, Enumerable.Range(0, 6000)));
    }

    [Fact]
    public void TypicalShiftedData_HasASplit()
    {
        T[] data = TestData.Blobs<T>(5000, D, 10, seed: 6);
        var x = new DenseMatrix<T>(data, 5000, D);
        Assert.NotNull(ExactSplit<T>.TryCreate(x, ColumnStatistics.MeansChecked(x)));
    }

    /// <summary>Blobs minus their column means, as rows, and their split.</summary>
    private static (T[][] Rows, ExactSplit<T> Split) ShiftedBlobs(int n, int seed)
    {
        T[] data = TestData.Blobs<T>(n, D, 6, seed);
        var x = new DenseMatrix<T>(data, n, D);
        T[] means = ColumnStatistics.MeansChecked(x);
        T[][] rows = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, D).Select(f => data[(i * D) + f] - means[f]).ToArray()).ToArray();
        return (rows, ExactSplit<T>.TryCreate(x, means) ?? throw new Xunit.Sdk.XunitException("no split for blobs"));
    }

    private static double[] SumOf(ExactSplit<T> split, T[][] rows, IEnumerable<int> order)
    {
        int d = rows[0].Length;
        var high = new double[d];
        var low = new double[d];
        foreach (int i in order)
        {
            split.Add(rows[i], high, low);
        }

        ExactSplit<T>.Combine(high, low);
        return high;
    }
}

public sealed class ExactSplitTestsSingle : ExactSplitTests<float>;

public sealed class ExactSplitTestsDouble : ExactSplitTests<double>;
