using System.Numerics;
using System.Runtime.Intrinsics;
using Centroid.Kernels;

namespace Centroid.Tests.Algorithms;

/// <summary>
/// The bounds algorithms decide with the assignment kernels' own numbers: every way they score a (row, center) pair —
/// one center, pairs of rows, all centers of a row, a tile of rows — gives the bits of <see cref="DenseAssignKernel"/>
/// and <see cref="CsrAssignKernel"/> at every vector width. If a kernel's summation order ever changes, this fails
/// before any label does.
/// </summary>
public abstract class ExactScoreTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int d in new[] { 1, 3, 8, 9, 17, 67 })
        {
            foreach (int k in new[] { 1, 5, 17, 70 })
            {
                data.Add(d, k);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DenseScores_HaveTheAssignmentKernelsBits(int d, int k)
    {
        var random = new System.Random((d * 131) + k);
        CenterSet<T> centers = Centers(random, k, d);
        const int rows = DenseAssignKernel.RowBlock;
        T[] x = Enumerable.Range(0, rows * d).Select(_ => T.CreateTruncating((random.NextDouble() * 8) - 4)).ToArray();
        int[] labels = new int[rows];
        T[] best = new T[rows];
        DenseAssignKernel.Nearest(x, rows, d, centers, labels, best);

        T[] tile = new T[DenseScoreKernel.ScoreLength(centers)];
        int stride = DenseScoreKernel.RowStride(centers.PaddedClusters);
        T[] all = new T[centers.PaddedClusters + CenterSet<T>.MaxLanes];
        foreach (Action<T[]> width in new Action<T[]>[]
        {
            s => DenseScoreKernel.Scores<T, Simd512<T>, Vector512<T>>(x, d, centers, s),
            s => DenseScoreKernel.Scores<T, Simd256<T>, Vector256<T>>(x, d, centers, s),
            s => DenseScoreKernel.Scores<T, SimdScalar<T>, T>(x, d, centers, s),
        })
        {
            width(tile);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<T> row = x.AsSpan(r * d, d);
                int nearest = ExactScore.TopTwo<T>(tile.AsSpan(r * stride, centers.PaddedClusters), out _);
                Assert.Equal(labels[r], nearest);
                Assert.Equal(best[r], tile[(r * stride) + nearest]);
                for (int j = 0; j < k; j++)
                {
                    T one = ExactScore.Dense(row, centers.Row(j), centers.Norms[j]);
                    Assert.Equal(one, tile[(r * stride) + j]);
                }

                ExactScore.DenseAll<T, Simd512<T>, Vector512<T>>(row, centers, all);
                Assert.Equal(tile.AsSpan(r * stride, k).ToArray(), all.AsSpan(0, k).ToArray());
                ExactScore.DenseAll<T, Simd256<T>, Vector256<T>>(row, centers, all);
                Assert.Equal(tile.AsSpan(r * stride, k).ToArray(), all.AsSpan(0, k).ToArray());
                ExactScore.DenseAll<T, SimdScalar<T>, T>(row, centers, all);
                Assert.Equal(tile.AsSpan(r * stride, k).ToArray(), all.AsSpan(0, k).ToArray());

                int[] chosen = Enumerable.Range(0, k).Where(j => j % 3 != 1).ToArray();
                T[] some = new T[chosen.Length];
                ExactScore.Dense(row, centers, chosen, some);
                Assert.Equal(chosen.Select(j => tile[(r * stride) + j]).ToArray(), some);
            }

            int[] pairs = Enumerable.Range(0, rows).Select(r => (r * 7) % k).ToArray();
            T[] pairScores = new T[rows];
            ExactScore.DensePairs(x, d, pairs, centers, pairScores);
            Assert.Equal(Enumerable.Range(0, rows).Select(r => tile[(r * stride) + pairs[r]]).ToArray(), pairScores);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SparseScores_HaveTheCsrKernelsBits(int nonZeros, int k)
    {
        const int d = 80;
        var random = new System.Random((nonZeros * 17) + k);
        CenterSet<T> centers = Centers(random, k, d);
        int[] indices = Enumerable.Range(0, d).OrderBy(_ => random.Next()).Take(Math.Min(nonZeros, d)).ToArray();
        T[] values = indices.Select(_ => T.CreateTruncating(random.NextDouble() + 0.1)).ToArray();
        T[] dots = new T[centers.PaddedClusters + CenterSet<T>.MaxLanes];
        int nearest = CsrAssignKernel.Nearest(indices, values, centers, dots, out T best);
        T[] all = new T[centers.PaddedClusters + CenterSet<T>.MaxLanes];
        foreach (Action<T[]> width in new Action<T[]>[]
        {
            s => ExactScore.SparseAll<T, Simd512<T>, Vector512<T>>(indices, values, centers, s),
            s => ExactScore.SparseAll<T, Simd256<T>, Vector256<T>>(indices, values, centers, s),
            s => ExactScore.SparseAll<T, SimdScalar<T>, T>(indices, values, centers, s),
        })
        {
            width(all);
            Assert.Equal(nearest, ExactScore.TopTwo<T>(all.AsSpan(0, centers.PaddedClusters), out _));
            Assert.Equal(best, all[nearest]);
            for (int j = 0; j < k; j++)
            {
                Assert.Equal(ExactScore.Sparse(indices, values, centers.Row(j), centers.Norms[j]), all[j]);
            }
        }
    }

    [Fact]
    public void TopTwo_IsTheFirstMinimumAndTheSmallestOther()
    {
        var random = new System.Random(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            int n = 1 + random.Next(70);
            T[] scores = Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.Next(6))).ToArray();
            int best = ExactScore.TopTwo<T>(scores, out T second);
            T minimum = scores.Min();
            Assert.Equal(Array.IndexOf(scores, minimum), best);
            T expected = n == 1 ? T.PositiveInfinity : scores.Where((_, j) => j != best).Min();
            Assert.Equal(expected, second);
        }
    }

    private static CenterSet<T> Centers(System.Random random, int k, int d)
    {
        var centers = new CenterSet<T>(k, d);
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = T.CreateTruncating((random.NextDouble() * 6) - 3);
        }

        if (k > 2)
        {
            centers.Row(1).CopyTo(centers.Row(k - 1));  // an exact tie
        }

        centers.UpdateNorms();
        return centers;
    }
}

public sealed class ExactScoreTestsSingle : ExactScoreTests<float>;

public sealed class ExactScoreTestsDouble : ExactScoreTests<double>;
