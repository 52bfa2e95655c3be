using System.Numerics;
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
