using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Solvers;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.Algorithms;

/// <summary>
/// The update step every solver shares: each new center is its partitions' sums added in partition order over its
/// weight, rounded once to T, and comes with its norm and transposed layout; a cluster whose partition sums did not
/// change keeps its center bit for bit; and the result does not depend on the number of threads, whether the clusters
/// are averaged straight from the partitions' sums (every cluster has weight) or after merging them all (one is empty).
/// </summary>
public abstract class CenterUpdateTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // k · d · partitions well above the size at which the update spreads over the threads; d large enough for one
    // cluster per piece of work (SmallD: several clusters share one).
    private const int N = 3000, LargeD = 1000, SmallD = 100, K = 40;

    /// <summary>An update step over N uniform rows, with random partition sums and weights (cluster <paramref name="empty"/> without any, if ≥ 0).</summary>
    private sealed class Case
    {
        public Case(int threads, int seed, int empty = -1, int d = LargeD)
        {
            D = d;
            var x = new DenseMatrix<T>(TestData.Uniform<T>(N, D, seed), N, D);
            Update = new CenterUpdate<T, DenseRows<T>>(new DenseRows<T>(x, null), default, K, new PartitionRunner(threads, default));
            Update.PrepareSlots();
            int slots = Update.Plan.Count;
            var random = new System.Random(seed);
            for (int p = 0; p < slots; p++)
            {
                Span<double> sums = SlotSums[p];
                for (int e = 0; e < sums.Length; e++)
                {
                    sums[e] = (random.NextDouble() * 100) - 50;
                }
            }

            for (int p = 0; p < slots; p++)
            {
                Span<double> weights = SlotWeights[p];
                for (int j = 0; j < K; j++)
                {
                    weights[j] = 1.0 + random.Next(20);
                }
            }

            Labels = Enumerable.Range(0, N).Select(_ => random.Next(K)).ToArray();
            if (empty >= 0)
            {
                for (int p = 0; p < slots; p++)
                {
                    SlotWeights[p][empty] = 0;
                    SlotSums[p].Slice(empty * D, D).Clear();
                }

                for (int i = 0; i < N; i++)
                {
                    Labels[i] = Labels[i] == empty ? (empty + 1) % K : Labels[i];
                }
            }

            Current = new CenterSet<T>(K, D);
            for (int e = 0; e < Current.Values.Length; e++)
            {
                Current.Values[e] = T.CreateTruncating(random.NextDouble());
            }

            Current.UpdateNorms();
        }

        public int D { get; }

        public CenterUpdate<T, DenseRows<T>> Update { get; }

        public PartitionSlots<double> SlotSums => Update.SlotSums;

        public PartitionSlots<double> SlotWeights => Update.SlotWeights;

        public int[] Labels { get; }

        public CenterSet<T> Current { get; }

        public (CenterSet<T> Next, T Shift) Run()
        {
            var next = new CenterSet<T>(K, D);
            Update.SlotsChanged();
            T shift = Update.Update(Current, next, Labels);
            return (next, shift);
        }
    }

    [Theory]
    [InlineData(LargeD)]
    [InlineData(SmallD)]
    public void Update_EachCenterIsItsPartitionSumsInOrderOverItsWeight(int features)
    {
        var c = new Case(threads: 2, seed: 1, d: features);
        int d = c.D;
        (CenterSet<T> next, _) = c.Run();

        int slots = c.Update.Plan.Count;
        for (int j = 0; j < K; j++)
        {
            double weight = 0;
            for (int p = 0; p < slots; p++)
            {
                weight += c.SlotWeights[p][j];
            }

            for (int f = 0; f < d; f++)
            {
                double sum = 0;
                for (int p = 0; p < slots; p++)
                {
                    sum += c.SlotSums[p][(j * d) + f];
                }

                Assert.Equal(T.CreateTruncating(sum * (1.0 / weight)), next.Values[(j * d) + f]);
            }
        }
    }

    [Fact]
    public void Update_LeavesTheNewCentersNormsAndTransposition()
    {
        var c = new Case(threads: 2, seed: 2);
        (CenterSet<T> next, _) = c.Run();
        int d = c.D;

        for (int j = 0; j < K; j++)
        {
            double norm = 0;
            for (int f = 0; f < d; f++)
            {
                double v = double.CreateTruncating(next.Values[(j * d) + f]);
                norm += v * v;
                Assert.Equal(next.Values[(j * d) + f], next.Transposed[(f * next.PaddedClusters) + j]);
            }

            Assert.Equal(norm, double.CreateTruncating(next.Norms[j]), new Tolerance(1e-5));
            Assert.Equal(next.Norms[j], next.PaddedNorms[j]);
        }

        Assert.All(next.PaddedNorms[K..], n => Assert.Equal(T.PositiveInfinity, n));
    }

    [Fact]
    public void Update_ReturnsTheTotalSquaredShift()
    {
        var c = new Case(threads: 2, seed: 3);
        (CenterSet<T> next, T shift) = c.Run();

        double expected = 0;
        for (int e = 0; e < next.Values.Length; e++)
        {
            double diff = double.CreateTruncating(next.Values[e]) - double.CreateTruncating(c.Current.Values[e]);
            expected += diff * diff;
        }

        Assert.Equal(expected, double.CreateTruncating(shift), new Tolerance(1e-4));
    }

    [Fact]
    public void Update_ClusterWhosePartitionSumsDidNotChange_KeepsItsCenterBitForBit()
    {
        var c = new Case(threads: 2, seed: 4);
        (CenterSet<T> first, _) = c.Run();
        int d = c.D;

        // Clusters 3 and 17 gain new partition sums; the others keep theirs.
        var random = new System.Random(5);
        foreach (int j in new[] { 3, 17 })
        {
            for (int p = 0; p < c.Update.Plan.Count; p++)
            {
                c.SlotSums[p][(j * d) + 7] += random.NextDouble();
                c.SlotWeights[p][j] += 1;
            }
        }

        ulong[] changed = ClusterMask.All(K);
        Array.Clear(changed);
        ClusterMask.Add(changed, 3);
        ClusterMask.Add(changed, 17);
        var second = new CenterSet<T>(K, d);
        c.Update.SlotsChanged(changed);
        T shift = c.Update.Update(first, second, c.Labels);

        // The same as recomputing every cluster from the partition sums.
        var fresh = new CenterUpdate<T, DenseRows<T>>(new DenseRows<T>(new DenseMatrix<T>(new T[N * d], N, d), null), default, K, new PartitionRunner(2, default));
        var expected = new CenterSet<T>(K, d);
        fresh.PrepareSlots();
        for (int p = 0; p < c.Update.Plan.Count; p++)
        {
            c.SlotSums[p].CopyTo(fresh.SlotSums[p]);
            c.SlotWeights[p].CopyTo(fresh.SlotWeights[p]);
        }

        fresh.SlotsChanged();
        T expectedShift = fresh.Update(first, expected, c.Labels);

        Assert.Equal(expected.Values, second.Values);
        Assert.Equal(expected.Norms, second.Norms);
        Assert.Equal(expectedShift, shift);
        Assert.Equal(first.Row(0).ToArray(), second.Row(0).ToArray());
        Assert.NotEqual(first.Row(3).ToArray(), second.Row(3).ToArray());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    public void Update_ThreadCount_ChangesNoBit(int empty)
    {
        (CenterSet<T> one, T oneShift) = new Case(threads: 1, seed: 6, empty).Run();
        foreach (int threads in new[] { 2, 3 })
        {
            var c = new Case(threads, seed: 6, empty);
            (CenterSet<T> next, T shift) = c.Run();
            Assert.Equal(one.Values, next.Values);
            Assert.Equal(one.Norms, next.Norms);
            Assert.Equal(one.Transposed.ToArray(), next.Transposed.ToArray());
            Assert.Equal(oneShift, shift);
            Assert.Equal(empty >= 0 ? 1 : 0, c.Update.RelocatedClusters);
        }
    }
}

public sealed class CenterUpdateTestsSingle : CenterUpdateTests<float>;

public sealed class CenterUpdateTestsDouble : CenterUpdateTests<double>;
