using System.Numerics;
using Centroid.Random;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// The rules of one mini-batch step, on hand-computable batches: per-center weights (counts) accumulate the members'
/// sample weights; a center moves towards its members' weighted mean at the rate ws / (W + ws); centers without
/// members stay; light centers are reassigned to batch rows drawn as NumPy's <c>permutation(b)[:m]</c>, on scikit-learn's
/// schedule (before the first step, and each time 10·k samples have passed).
/// </summary>
public abstract class StepRuleTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static MiniBatchKMeans<T> Estimator(int k, double ratio = 0.01, uint seed = 0) =>
        new(new MiniBatchKMeansOptions { Clusters = k, ReassignmentRatio = ratio, RandomState = seed });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FirstStep_CountsAreMemberWeights_AndCentersTheirWeightedMeans(bool csr)
    {
        var kmeans = Estimator(2);

        // Rows (1, 0) w=1 and (3, 0) w=3 go to center (0, 0); (9, 0) w=2 to (10, 0).
        BatchInput.PartialFit(kmeans, BatchInput.Values<T>(1, 0, 3, 0, 9, 0), 2, csr, centers: BatchInput.Values<T>(0, 0, 10, 0), weights: BatchInput.Values<T>(1, 3, 2));

        Assert.Equal([4.0, 2.0], BatchInput.Doubles(kmeans.Counts));
        Assert.Equal([2.5, 0, 9, 0], BatchInput.Doubles<T>(kmeans.Model.Centers.Memory.Span));
        Assert.True(kmeans.Solver!.LastReassignmentDue);
        Assert.Equal(0, kmeans.Solver.LastReassigned);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SecondStep_MovesTowardsTheBatchMean_AtRateBatchWeightOverTotalWeight(bool csr)
    {
        var kmeans = Estimator(2);
        BatchInput.PartialFit(kmeans, BatchInput.Values<T>(1, 0, 3, 0, 9, 0), 2, csr, centers: BatchInput.Values<T>(0, 0, 10, 0), weights: BatchInput.Values<T>(1, 3, 2));

        // Weight 4 at (0, 4) joins center 0 (W = 4): rate 4 / 8, halfway from (2.5, 0). Center 1 gets nothing and stays.
        BatchInput.PartialFit(kmeans, BatchInput.Values<T>(0, 4), 2, csr, weights: BatchInput.Values<T>(4));

        Assert.Equal([8.0, 2.0], BatchInput.Doubles(kmeans.Counts));
        Assert.Equal([1.25, 2, 9, 0], BatchInput.Doubles<T>(kmeans.Model.Centers.Memory.Span));
    }

    [Fact]
    public void Step_OnRandomData_MovesEachCenterByItsLearningRate()
    {
        int d = 5;
        int k = 4;
        T[] data = Clustering.TestData.Blobs<T>(400, d, k, seed: 3);
        var kmeans = Estimator(k, ratio: 0);
        kmeans.PartialFit(new DenseMatrix<T>(data[..(200 * d)], 200, d));
        double[] before = BatchInput.Doubles<T>(kmeans.Model.Centers.Memory.Span);
        double[] counts = BatchInput.Doubles(kmeans.Counts);
        var batch = new DenseMatrix<T>(data[(200 * d)..], 200, d);
        int[] labels = kmeans.Model.Predict(batch);

        kmeans.PartialFit(batch);

        double[] after = BatchInput.Doubles<T>(kmeans.Model.Centers.Memory.Span);
        for (int j = 0; j < k; j++)
        {
            int[] members = Enumerable.Range(0, 200).Where(i => labels[i] == j).ToArray();
            double rate = members.Length / (counts[j] + members.Length);
            Assert.Equal(counts[j] + members.Length, double.CreateTruncating(kmeans.Counts[j]));
            for (int f = 0; f < d; f++)
            {
                double mean = members.Length == 0 ? before[(j * d) + f] : members.Average(i => double.CreateTruncating(batch.Row(i)[f]));
                double expected = before[(j * d) + f] + (rate * (mean - before[(j * d) + f]));
                Assert.Equal(expected, after[(j * d) + f], typeof(T) == typeof(float) ? 3 : 9);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FirstStep_MovesACenterWithTinyWeight_ToTheRowNumpyDraws(bool csr)
    {
        // 150 rows at (0, 0) ± small, 49 at (10, 0), 1 at (0, 10): counts 150, 49, 1 < 0.01 × 150.
        int b = 200;
        var rows = new double[b * 2];
        for (int i = 0; i < b; i++)
        {
            (rows[2 * i], rows[(2 * i) + 1]) = i < 150 ? (i * 1e-3, 0.0) : i < 199 ? (10.0, i * 1e-3) : (0.0, 10.0);
        }

        var kmeans = Estimator(3, seed: 7);
        BatchInput.PartialFit(kmeans, BatchInput.Values<T>(rows), 2, csr, centers: BatchInput.Values<T>(0, 0, 10, 0, 0, 10));

        // choice(b, size=1, replace=False) is permutation(b)[:1] on the estimator's generator, untouched before the step.
        int[] permutation = Enumerable.Range(0, b).ToArray();
        new NumpyRandomState(7).Shuffle(permutation);
        int pick = permutation[0];
        Assert.Equal(1, kmeans.Solver!.LastReassigned);
        Assert.Equal([rows[2 * pick], rows[(2 * pick) + 1]], BatchInput.Doubles<T>(kmeans.Model.Centers.Row(2)).Select(v => v).ToArray(), new Tolerance(1e-6));
        Assert.Equal([150.0, 49.0, 49.0], BatchInput.Doubles(kmeans.Counts));
    }

    [Fact]
    public void ZeroRatio_NeverReassigns()
    {
        var kmeans = Estimator(2, ratio: 0);

        BatchInput.PartialFit(kmeans, BatchInput.Values<T>(1, 0, 3, 0, 9, 0), 2, csr: false, centers: BatchInput.Values<T>(0, 0, 100, 100));

        Assert.Equal([100.0, 100.0], BatchInput.Doubles<T>(kmeans.Model.Centers.Row(1)));
        Assert.Equal(0, kmeans.Solver!.LastReassigned);
    }

    [Fact]
    public void Reassignment_IsDueBeforeTheFirstStep_ThenEveryTenKSamples()
    {
        // k = 2, batches of 3: due at step 1 (no weight yet), then when 10·k = 20 samples have passed: steps 8, 15, 22.
        var kmeans = Estimator(2);
        var due = new List<int>();
        T[] rows = BatchInput.Values<T>(0, 0, 1, 0, 10, 0);
        for (int step = 1; step <= 24; step++)
        {
            BatchInput.PartialFit(kmeans, rows, 2, csr: false, centers: BatchInput.Values<T>(0, 0, 10, 0));
            if (kmeans.Solver!.LastReassignmentDue)
            {
                due.Add(step);
            }
        }

        Assert.Equal([1, 8, 15, 22], due);
    }

    [Fact]
    public void Reassignment_MovesAtMostHalfTheBatch_TheLightestByNumpysArgsort()
    {
        // Centers at (10j, 0), one row on each and a second on center 0: weights 2, 1 × 9. Ratio 1 marks the 9 lighter
        // ones; a batch of 11 allows ⌊11/2⌋ = 5 moves: the first 5 of argsort(weights), i.e. centers 1..5 (ties in index
        // order, as NumPy's insertion sort leaves them for k ≤ 16).
        int k = 10;
        var kmeans = Estimator(k, ratio: 1.0);
        double[] centers = Enumerable.Range(0, k).SelectMany(j => new[] { j * 10.0, 0 }).ToArray();
        double[] rows = [.. centers, 0, 1];

        BatchInput.PartialFit(kmeans, BatchInput.Values<T>(rows), 2, csr: false, centers: BatchInput.Values<T>(centers));

        Assert.Equal(5, kmeans.Solver!.LastReassigned);
        bool[] mask = kmeans.Solver.LastReassignedCenters.ToArray();
        Assert.Equal([1, 2, 3, 4, 5], Enumerable.Range(0, k).Where(j => mask[j]));
        Assert.Equal([2.0, 1, 1, 1, 1, 1, 1, 1, 1, 1], BatchInput.Doubles(kmeans.Counts));
    }

    [Fact]
    public void RatioAboveOne_MarkingEveryCenter_Throws()
    {
        var kmeans = Estimator(2, ratio: 5.0);

        Assert.Throws<InvalidOperationException>(() =>
            BatchInput.PartialFit(kmeans, BatchInput.Values<T>(0, 0, 1, 0, 10, 0, 11, 0, 12, 0), 2, csr: false, centers: BatchInput.Values<T>(0, 0, 10, 0)));
    }
}

public sealed class StepRuleTestsSingle : StepRuleTests<float>
{
}

public sealed class StepRuleTestsDouble : StepRuleTests<double>
{
}
