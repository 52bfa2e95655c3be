using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>The CSR kernel gives, at every vector width, the nearest center of a plain search (lowest index on ties).</summary>
public abstract class CsrAssignKernelTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int nonZeros in new[] { 0, 1, 2, 5, 17 })
        {
            foreach (int k in new[] { 1, 2, 7, 8, 9, 16, 17, 33, 100 })
            {
                data.Add(nonZeros, k);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryWidth_FindsTheNearestCenter(int nonZeros, int k)
    {
        const int d = 40;
        var random = new System.Random((nonZeros * 71) + k);
        int[] indices = Enumerable.Range(0, d).OrderBy(_ => random.Next()).Take(nonZeros).ToArray();
        T[] values = indices.Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        CenterSet<T> centers = RandomCenters(random, k, d);
        int expected = Reference(indices, values, centers);
        T[] dots = new T[centers.PaddedClusters + CenterSet<T>.MaxLanes];

        Assert.Equal(expected, CsrAssignKernel.Nearest<T, Simd512<T>, Vector512<T>>(indices, values, centers, dots, out _));
        Assert.Equal(expected, CsrAssignKernel.Nearest<T, Simd256<T>, Vector256<T>>(indices, values, centers, dots, out _));
        Assert.Equal(expected, CsrAssignKernel.Nearest<T, SimdScalar<T>, T>(indices, values, centers, dots, out T score));
        T direct = centers.Norms[expected];
        for (int e = 0; e < nonZeros; e++)
        {
            direct -= T.CreateTruncating(2) * values[e] * centers.Row(expected)[indices[e]];
        }

        Assert.True(Math.Abs(double.CreateTruncating(direct - score)) <= 1e-4, $"score {score} vs {direct}");
    }

    public static TheoryData<int> Clusters()
    {
        var data = new TheoryData<int>();
        foreach (int k in new[] { 1, 2, 7, 8, 9, 16, 17, 20, 24, 25, 32, 33, 100 })
        {
            data.Add(k);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void NearestRows_MatchesAScalarReferenceAndTheOneRowKernel(int k)
    {
        const int d = 40;
        var random = new System.Random(k * 31);
        CsrMatrix<T> x = RandomRows(random, d);
        CenterSet<T> centers = RandomCenters(random, k, d);
        var indptr = x.RowPointers.ToArray();
        var indices = x.Indices.ToArray();
        var values = x.Values.ToArray();
        T[] dots = new T[CsrAssignKernel.ScratchLength<T>(k)];

        // Ranges of even and odd lengths, starting on even and odd rows, so rows pair up differently.
        foreach ((int first, int end) in new[] { (0, x.Rows), (1, x.Rows), (3, 4), (2, 2), (5, x.Rows - 1) })
        {
            var labels = new int[3][];
            var scores = new T[3][];
            for (int width = 0; width < 3; width++)
            {
                labels[width] = new int[end - first];
                scores[width] = new T[end - first];
            }

            CsrAssignKernel.NearestRows<T, Simd512<T>, Vector512<T>>(indptr, indices, values, first, end, centers, dots, labels[0], scores[0]);
            CsrAssignKernel.NearestRows<T, Simd256<T>, Vector256<T>>(indptr, indices, values, first, end, centers, dots, labels[1], scores[1]);
            CsrAssignKernel.NearestRows<T, SimdScalar<T>, T>(indptr, indices, values, first, end, centers, dots, labels[2], scores[2]);
            for (int row = first; row < end; row++)
            {
                ReadOnlySpan<int> rowIndices = indices.AsSpan(indptr[row]..indptr[row + 1]);
                ReadOnlySpan<T> rowValues = values.AsSpan(indptr[row]..indptr[row + 1]);
                int expected = ExactReference(rowIndices, rowValues, centers, out T expectedScore);
                int single = CsrAssignKernel.Nearest<T, Simd256<T>, Vector256<T>>(rowIndices, rowValues, centers, dots, out T singleScore);
                Assert.Equal(expected, single);
                Assert.Equal(expectedScore, singleScore);
                for (int width = 0; width < 3; width++)
                {
                    Assert.Equal(expected, labels[width][row - first]);
                    Assert.Equal(expectedScore, scores[width][row - first]);
                }
            }
        }
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(20, false)]
    [InlineData(20, true)]
    [InlineData(37, true)]
    public void RowsAssign_LabelsScoresAndSumsMatchAPlainPass(int k, bool weighted)
    {
        const int d = 40;
        var random = new System.Random(k + (weighted ? 1000 : 0));
        CsrMatrix<T> x = RandomRows(random, d);
        CenterSet<T> centers = RandomCenters(random, k, d);
        var rows = new CsrRows<T>(x);
        T[] weights = weighted ? Enumerable.Range(0, x.Rows).Select(_ => T.CreateTruncating(random.NextDouble() + 0.5)).ToArray() : [];
        int[] labels = Enumerable.Range(0, x.Rows).Select(i => i % 3 == 0 ? 0 : -1).ToArray();
        int[] expectedLabels = (int[])labels.Clone();
        var sums = new double[k * d];
        var clusterWeights = new double[k];
        var expectedSums = new double[k * d];
        var expectedWeights = new double[k];
        double expectedScore = 0;
        int expectedChanged = 0;
        int start = 1, end = x.Rows;
        for (int row = start; row < end; row++)
        {
            SparseRow<T> r = x.Row(row);
            int best = ExactReference(r.Indices, r.Values, centers, out T score);
            expectedChanged += expectedLabels[row] != best ? 1 : 0;
            expectedLabels[row] = best;
            double w = weighted ? double.CreateTruncating(weights[row]) : 1.0;
            expectedScore += w * double.CreateTruncating(score);
            for (int e = 0; e < r.Values.Length; e++)
            {
                expectedSums[(best * d) + r.Indices[e]] += double.CreateTruncating(r.Values[e]) * w;
            }

            expectedWeights[best] += w;
        }

        T[] scratch = new T[rows.ScratchLength(k)];
        AssignTotals totals = rows.Assign(start, end, centers, weights, labels, scratch, sums, clusterWeights, default);

        Assert.Equal(expectedLabels, labels);
        Assert.Equal(expectedChanged, totals.Changed);
        Assert.Equal(expectedScore, totals.Score);
        Assert.Equal(expectedSums, sums);
        Assert.Equal(expectedWeights, clusterWeights);
    }

    /// <summary>
    /// ‖c‖² − 2 x·c for every center, each dot product a scalar FMA chain over the row's entries in stored order, and
    /// the first center holding the smallest score: what the kernels must give bit for bit.
    /// </summary>
    private static int ExactReference(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, out T bestScore)
    {
        int best = -1;
        bestScore = T.PositiveInfinity;
        for (int j = 0; j < centers.Clusters; j++)
        {
            T dot = T.Zero;
            for (int e = 0; e < indices.Length; e++)
            {
                dot = T.FusedMultiplyAdd(values[e], centers.Row(j)[indices[e]], dot);
            }

            T score = T.FusedMultiplyAdd(T.CreateTruncating(-2), dot, centers.Norms[j]);
            if (best < 0 || score < bestScore)
            {
                best = j;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// 23 rows of lengths 0 to 40 in an order that pairs short with long, empty with full and equal with equal rows;
    /// some indices repeat within a row (used entry by entry), values take few distinct levels so ties occur.
    /// </summary>
    private static CsrMatrix<T> RandomRows(System.Random random, int d)
    {
        int[] lengths = [0, 5, 17, 17, 1, 0, 0, 3, 40, 2, 9, 9, 0, 31, 4, 1, 1, 0, 12, 25, 7, 38, 0];
        var indptr = new int[lengths.Length + 1];
        var indices = new List<int>();
        var values = new List<T>();
        for (int row = 0; row < lengths.Length; row++)
        {
            for (int e = 0; e < lengths[row]; e++)
            {
                indices.Add(random.Next(d));
                values.Add(T.CreateTruncating((random.Next(8) + 1) * 0.125));
            }

            indptr[row + 1] = indices.Count;
        }

        return new CsrMatrix<T>(values.ToArray(), indices.ToArray(), indptr, d);
    }

    private static CenterSet<T> RandomCenters(System.Random random, int k, int d)
    {
        var centers = new CenterSet<T>(k, d);
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = T.CreateTruncating(random.NextDouble());
        }

        if (k > 2)
        {
            centers.Row(0).CopyTo(centers.Row(k - 1));  // an exact tie: the lower index must win
        }

        centers.UpdateNorms();
        return centers;
    }

    private static int Reference(int[] indices, T[] values, CenterSet<T> centers)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int j = 0; j < centers.Clusters; j++)
        {
            double distance = double.CreateTruncating(centers.Norms[j]);
            for (int e = 0; e < indices.Length; e++)
            {
                distance -= 2 * double.CreateTruncating(values[e]) * double.CreateTruncating(centers.Row(j)[indices[e]]);
            }

            if (distance < bestDistance - 1e-9)
            {
                bestDistance = distance;
                best = j;
            }
        }

        return best;
    }
}

/// <summary>CSR kernel widths in float32.</summary>
public sealed class CsrAssignKernelTestsSingle : CsrAssignKernelTests<float>
{
}

/// <summary>CSR kernel widths in float64.</summary>
public sealed class CsrAssignKernelTestsDouble : CsrAssignKernelTests<double>
{
}
