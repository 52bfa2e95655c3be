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
