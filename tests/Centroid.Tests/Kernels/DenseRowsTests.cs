using System.Numerics;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>
/// A dense pass over rows in blocks: every row's new label is written, exactly the rows whose label changed are
/// counted, their old and new clusters are marked, and the scores add up to the kernel's, wherever in a block (or
/// across blocks) the changes fall.
/// </summary>
public abstract class DenseRowsTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = 700;  // two whole blocks of 256 rows and part of a third
    private const int D = 5;
    private const int K = 6;

    [Fact]
    public void FirstPass_EveryRowChanges()
    {
        (DenseRows<T> rows, CenterSet<T> centers, int[] nearest, _) = Setup();
        int[] labels = Enumerable.Repeat(-1, Rows).ToArray();
        ulong[] moved = new ulong[ClusterMask.Words(K)];

        AssignTotals totals = rows.Assign(0, Rows, centers, default, labels, new T[rows.ScratchLength(K)], default, default, moved);

        Assert.Equal(nearest, labels);
        Assert.Equal(Rows, totals.Changed);
        Assert.Equal(MaskOf(nearest), moved);
    }

    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 699 })]
    [InlineData(new[] { 255, 256 })]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(new[] { 100, 300, 511, 512, 650 })]
    public void LaterPass_CountsAndMarksOnlyTheChangedRows(int[] changedRows)
    {
        (DenseRows<T> rows, CenterSet<T> centers, int[] nearest, _) = Setup();
        int[] labels = (int[])nearest.Clone();
        var expectedMask = new ulong[ClusterMask.Words(K)];
        foreach (int r in changedRows)
        {
            labels[r] = (nearest[r] + 1) % K;
            ClusterMask.AddMove(expectedMask, labels[r], nearest[r]);
        }

        ulong[] moved = new ulong[ClusterMask.Words(K)];
        AssignTotals totals = rows.Assign(0, Rows, centers, default, labels, new T[rows.ScratchLength(K)], default, default, moved);

        Assert.Equal(nearest, labels);
        Assert.Equal(changedRows.Length, totals.Changed);
        Assert.Equal(expectedMask, moved);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScoreTotal_IsTheSumOfTheKernelsScores(bool weighted)
    {
        (DenseRows<T> rows, CenterSet<T> centers, _, T[] scores) = Setup();
        var random = new System.Random(5);
        T[] weights = weighted ? Enumerable.Range(0, Rows).Select(_ => T.CreateTruncating(random.NextDouble() + 0.5)).ToArray() : [];
        double expected = 0;
        for (int r = 0; r < Rows; r++)
        {
            expected += double.CreateTruncating(weighted ? weights[r] * scores[r] : scores[r]);
        }

        AssignTotals totals = rows.Assign(0, Rows, centers, weights, new int[Rows], new T[rows.ScratchLength(K)], default, default, default);

        // The same terms, added in another order.
        Assert.Equal(expected, totals.Score, 1e-12 * Math.Abs(expected));
    }

    [Fact]
    public void PassWithoutScoreTotal_TotalsNoScore_AndAssignsTheSame()
    {
        (DenseRows<T> rows, CenterSet<T> centers, int[] nearest, _) = Setup();
        int[] labels = Enumerable.Repeat(-1, Rows).ToArray();

        AssignTotals totals = rows.Assign(0, Rows, centers, default, labels, new T[rows.ScratchLength(K)], default, default, default, sumScores: false);

        Assert.Equal(0.0, totals.Score);
        Assert.Equal(nearest, labels);
        Assert.Equal(Rows, totals.Changed);
    }

    [Fact]
    public void ShiftedPass_AssignsAsTheKernelOnTheShiftedRows()
    {
        (T[] x, T[] shift, CenterSet<T> centers) = ShiftedSetup(seed: 3);
        T[] copy = new T[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            copy[i] = x[i] - shift[i % D];
        }

        int[] expected = new int[Rows];
        DenseAssignKernel.Nearest<T>(copy, Rows, D, centers, expected, new T[Rows]);
        var rows = new DenseRows<T>(new DenseMatrix<T>(x, Rows, D), shift);
        int[] labels = Enumerable.Repeat(-1, Rows).ToArray();

        rows.Assign(0, Rows, centers, default, labels, new T[rows.ScratchLength(K)], default, default, default);

        Assert.Equal(expected, labels);
    }

    [Fact]
    public void MovingRowsPass_LeavesTheExactSumsOfAWholeSummingPass()
    {
        (T[] x, T[] shift, CenterSet<T> before) = ShiftedSetup(seed: 4);
        (_, _, CenterSet<T> after) = ShiftedSetup(seed: 5);
        var matrix = new DenseMatrix<T>(x, Rows, D);
        ExactSplit<T>? split = ExactSplit<T>.TryCreate(matrix, shift);
        Assert.NotNull(split);
        var rows = new DenseRows<T>(matrix, shift, split);
        T[] scratch = new T[rows.ScratchLength(K)];

        // Sums of the labels from `before`, then the rows that change moved to their labels from `after`.
        int[] labels = Enumerable.Repeat(-1, Rows).ToArray();
        double[] sums = new double[2 * K * D], weights = new double[K];
        rows.Assign(0, Rows, before, default, labels, scratch, sums, weights, new ulong[1]);
        AssignTotals moving = rows.AssignMovingRows(0, Rows, after, labels, scratch, sums, weights, new ulong[1]);

        // A whole pass from `after` alone: exact sums do not depend on the order of their terms.
        int[] freshLabels = Enumerable.Repeat(-1, Rows).ToArray();
        double[] freshSums = new double[2 * K * D], freshWeights = new double[K];
        rows.Assign(0, Rows, after, default, freshLabels, scratch, freshSums, freshWeights, new ulong[1]);

        Assert.InRange(moving.Changed, 1, Rows - 1);
        Assert.Equal(freshLabels, labels);
        Assert.Equal(freshWeights, weights);
        Assert.Equal(freshSums, sums);
    }

    /// <summary>Rows on a grid of 1/64 in [1, 9), a shift near their means and centers near them, in working coordinates.</summary>
    private static (T[] X, T[] Shift, CenterSet<T> Centers) ShiftedSetup(int seed)
    {
        var random = new System.Random(11);
        T[] x = Enumerable.Range(0, Rows * D).Select(_ => T.CreateTruncating(random.Next(64, 576) / 64.0)).ToArray();
        T[] shift = Enumerable.Range(0, D).Select(f => T.CreateTruncating(4.9 + (0.01 * f))).ToArray();
        var centerRandom = new System.Random(seed);
        var centers = new CenterSet<T>(K, D);
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = T.CreateTruncating((centerRandom.NextDouble() * 6) - 3);
        }

        centers.UpdateNorms();
        return (x, shift, centers);
    }

    [Fact]
    public void UnchangedPrefix_IsTheCommonPrefixOfTheLabels()
    {
        // Every length around the vector width and every position of the first difference (or none).
        for (int length = 0; length <= 40; length++)
        {
            int[] current = Enumerable.Range(0, length + 3).Select(i => i % 7).ToArray();
            for (int differsAt = 0; differsAt <= length; differsAt++)
            {
                int[] next = current[..length];
                if (differsAt < length)
                {
                    next[differsAt] = 9;
                }

                Assert.Equal(next.AsSpan().CommonPrefixLength(current.AsSpan(0, length)), DenseRows<T>.UnchangedPrefix(next, current));
                Assert.Equal(differsAt, DenseRows<T>.UnchangedPrefix(next, current));
            }
        }
    }

    /// <summary>Random rows and centers; each row's nearest center and score by the kernel over all rows at once.</summary>
    private static (DenseRows<T> Rows, CenterSet<T> Centers, int[] Nearest, T[] Scores) Setup()
    {
        var random = new System.Random(11);
        T[] x = Enumerable.Range(0, Rows * D).Select(_ => T.CreateTruncating((random.NextDouble() * 4) - 2)).ToArray();
        var centers = new CenterSet<T>(K, D);
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = T.CreateTruncating((random.NextDouble() * 4) - 2);
        }

        centers.UpdateNorms();
        int[] nearest = new int[Rows];
        T[] scores = new T[Rows];
        DenseAssignKernel.Nearest<T>(x, Rows, D, centers, nearest, scores);
        return (new DenseRows<T>(new DenseMatrix<T>(x, Rows, D), null), centers, nearest, scores);
    }

    private static ulong[] MaskOf(int[] labels)
    {
        var mask = new ulong[ClusterMask.Words(K)];
        foreach (int label in labels)
        {
            ClusterMask.Add(mask, label);
        }

        return mask;
    }
}

/// <summary>Dense passes in float32.</summary>
public sealed class DenseRowsTestsSingle : DenseRowsTests<float>
{
}

/// <summary>Dense passes in float64.</summary>
public sealed class DenseRowsTestsDouble : DenseRowsTests<double>
{
}
