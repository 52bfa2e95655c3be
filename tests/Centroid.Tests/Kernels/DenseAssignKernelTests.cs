using System.Numerics;
using System.Runtime.Intrinsics;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>
/// The register-tiled assignment kernel gives, at every vector width, the nearest center of a plain scalar search
/// (lowest index on ties) and the same score bits, for every feature count and every center count around the tile
/// sizes (k within one vector, within two, and more).
/// </summary>
public abstract class DenseAssignKernelTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int d in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 20, 33, 64, 67 })
        {
            foreach (int k in new[] { 1, 2, 3, 7, 8, 9, 16, 17, 31, 33, 64, 65, 100 })
            {
                data.Add(d, k);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryWidth_FindsTheNearestCenter(int d, int k)
    {
        const int rows = 12;
        (T[] x, CenterSet<T> centers) = RandomRowsAndCenters(rows, d, k, seed: (d * 131) + k);
        if (k > 2)
        {
            centers.Row(1).CopyTo(centers.Row(k - 1));  // an exact tie: the lower index must win
        }

        centers.UpdateNorms();
        int[] expected = Reference(x, rows, d, centers);

        T[] scalar = AssertWidth<SimdScalar<T>, T>(x, rows, d, centers, expected);
        Assert.Equal(scalar, AssertWidth<Simd512<T>, Vector512<T>>(x, rows, d, centers, expected));
        Assert.Equal(scalar, AssertWidth<Simd256<T>, Vector256<T>>(x, rows, d, centers, expected));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PrefetchingTheRowsReadNext_ChangesNoLabelOrScore(int d, int k)
    {
        const int rows = 24;
        (T[] x, CenterSet<T> centers) = RandomRowsAndCenters(rows, d, k, seed: (d * 37) + k);
        T[] next = RandomRowsAndCenters(300, d, 1, seed: d).Rows;
        centers.UpdateNorms();
        int[] plainLabels = new int[rows], prefetchedLabels = new int[rows];
        T[] plainScores = new T[rows], prefetchedScores = new T[rows];
        DenseAssignKernel.Nearest<T>(x, rows, d, centers, plainLabels, plainScores);
        DenseAssignKernel.Nearest<T>(x, rows, d, centers, prefetchedLabels, prefetchedScores, System.Runtime.InteropServices.MemoryMarshal.AsBytes(next.AsSpan()));

        Assert.Equal(plainLabels, prefetchedLabels);
        Assert.Equal(plainScores, prefetchedScores);
    }

    [Theory]
    [InlineData(5, 40)]
    [InlineData(5, 64)]
    [InlineData(20, 100)]
    [InlineData(64, 256)]
    public void EveryWidth_TiesAcrossTheVectorsOfATile_GoToTheLowerIndex(int d, int k)
    {
        AssertTiesGoLow<SimdScalar<T>, T>(d, k);
        AssertTiesGoLow<Simd256<T>, Vector256<T>>(d, k);
        AssertTiesGoLow<Simd512<T>, Vector512<T>>(d, k);
    }

    [Theory]
    [InlineData(64, 256)]
    [InlineData(20, 288)]
    [InlineData(7, 128)]
    [InlineData(7, 250)]
    public void EveryWidth_FindsTheLastCenters_WhereTheLayoutAddsAPaddingLine(int d, int k)
    {
        const int rows = 16;
        (T[] x, CenterSet<T> centers) = RandomRowsAndCenters(rows, d, k, seed: d + k);
        centers.UpdateNorms();
        var expected = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            expected[r] = k - 1 - r;
            centers.Row(expected[r]).CopyTo(x.AsSpan(r * d, d));
        }

        AssertWidth<SimdScalar<T>, T>(x, rows, d, centers, expected);
        AssertWidth<Simd256<T>, Vector256<T>>(x, rows, d, centers, expected);
        AssertWidth<Simd512<T>, Vector512<T>>(x, rows, d, centers, expected);
    }

    /// <summary>
    /// Copies of a center one and two vectors later (same lane, so the same tile or the next) and rows equal to it: every
    /// such row has the same score at all three, and must take the first.
    /// </summary>
    private static void AssertTiesGoLow<TSimd, TVector>(int d, int k)
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        const int rows = 16;
        int w = TSimd.Count;
        (T[] x, CenterSet<T> centers) = RandomRowsAndCenters(rows, d, k, seed: d + k + w);
        int[] firsts = new[] { 1, (3 * w) + 2, (6 * w) + 5 }.Where(f => f + (2 * w) < k).ToArray();
        foreach (int first in firsts)
        {
            centers.Row(first).CopyTo(centers.Row(first + w));
            centers.Row(first).CopyTo(centers.Row(first + (2 * w)));
        }

        var expected = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            expected[r] = firsts[r % firsts.Length];
            centers.Row(expected[r]).CopyTo(x.AsSpan(r * d, d));
        }

        centers.UpdateNorms();
        AssertWidth<TSimd, TVector>(x, rows, d, centers, expected);
    }

    /// <summary>Rows and centers with coordinates uniform in [−1, 1) (the centers' norms not yet computed).</summary>
    private static (T[] Rows, CenterSet<T> Centers) RandomRowsAndCenters(int rows, int d, int k, int seed)
    {
        var random = new System.Random(seed);
        T[] x = Enumerable.Range(0, rows * d).Select(_ => T.CreateTruncating((random.NextDouble() * 2) - 1)).ToArray();
        var centers = new CenterSet<T>(k, d);
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = T.CreateTruncating((random.NextDouble() * 2) - 1);
        }

        return (x, centers);
    }

    /// <summary>Runs one width, checks its labels and scores, and returns the scores (every width must give the same bits).</summary>
    private static T[] AssertWidth<TSimd, TVector>(T[] x, int rows, int d, CenterSet<T> centers, int[] expected)
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int[] labels = new int[rows];
        T[] scores = new T[rows];
        DenseAssignKernel.Nearest<T, TSimd, TVector>(x, rows, d, centers, labels, scores);
        Assert.Equal(expected, labels);
        for (int r = 0; r < rows; r++)
        {
            T direct = centers.Norms[labels[r]] - (T.CreateTruncating(2) * VectorMath.Dot<T>(x.AsSpan(r * d, d), centers.Row(labels[r])));
            double tolerance = 1e-4 * Math.Max(1, d);
            Assert.True(Math.Abs(double.CreateTruncating(direct - scores[r])) <= tolerance, $"{typeof(TSimd).Name} row {r}: score {scores[r]} vs {direct}");
        }

        return scores;
    }

    private static int[] Reference(T[] x, int rows, int d, CenterSet<T> centers)
    {
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            double best = double.PositiveInfinity;
            for (int j = 0; j < centers.Clusters; j++)
            {
                double distance = 0;
                for (int f = 0; f < d; f++)
                {
                    double diff = double.CreateTruncating(x[(r * d) + f]) - double.CreateTruncating(centers.Row(j)[f]);
                    distance += diff * diff;
                }

                if (distance < best - 1e-9)
                {
                    best = distance;
                    labels[r] = j;
                }
            }
        }

        return labels;
    }
}

/// <summary>Kernel widths in float32.</summary>
public sealed class DenseAssignKernelTestsSingle : DenseAssignKernelTests<float>
{
}

/// <summary>Kernel widths in float64.</summary>
public sealed class DenseAssignKernelTestsDouble : DenseAssignKernelTests<double>
{
}
