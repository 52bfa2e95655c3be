using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>The transposed centers the kernels read start on a cache line and hold every center's features, feature-major.</summary>
public abstract class CenterSetTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(128)]
    [InlineData(250)]
    [InlineData(256)]
    [InlineData(1000)]
    public void LaneClusters_IsKRoundedUpToTheLanes_WithinThePaddedCount(int k)
    {
        var centers = new CenterSet<T>(k, 3);
        int lanes = CenterSet<T>.LanePadding;

        Assert.Equal(0, centers.LaneClusters % lanes);
        Assert.InRange(centers.LaneClusters, k, k + lanes - 1);
        Assert.InRange(centers.PaddedClusters, centers.LaneClusters, centers.LaneClusters + (64 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 20)]
    [InlineData(20, 300)]
    [InlineData(256, 64)]
    public void Transposed_StartsOnACacheLine_AndHoldsTheCentersFeatureMajor(int k, int d)
    {
        var centers = new CenterSet<T>(k, d);
        Fill(centers, new System.Random(k + d), offset: 0);
        centers.UpdateNorms();

        // The address (an offset from null); the storage is pinned, so it cannot change under the test.
        Assert.Equal(0, Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref centers.Transposed[0]) % 64);
        for (int j = 0; j < k; j++)
        {
            for (int f = 0; f < d; f++)
            {
                Assert.Equal(centers.Row(j)[f], centers.Transposed[(f * centers.PaddedClusters) + j]);
            }
        }
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(7, 9)]
    [InlineData(8, 8)]
    [InlineData(9, 31)]
    [InlineData(20, 25)]
    [InlineData(33, 17)]
    public void Transposed_HoldsEveryFeature_AndZeroInThePaddingLanes(int k, int d)
    {
        var centers = new CenterSet<T>(k, d);
        Fill(centers, new System.Random(k * d), offset: 1);
        centers.UpdateNorms();
        Fill(centers, new System.Random((k * d) + 1), offset: 2);
        centers.UpdateNorms();

        for (int f = 0; f < d; f++)
        {
            for (int j = 0; j < centers.PaddedClusters; j++)
            {
                T expected = j < k ? centers.Row(j)[f] : T.Zero;
                Assert.Equal(expected, centers.Transposed[(f * centers.PaddedClusters) + j]);
            }
        }
    }

    [Theory]
    [InlineData(20, 40, 3, 37)]
    [InlineData(9, 30, 8, 16)]
    [InlineData(5, 12, 0, 5)]
    public void Transpose_OfAFeatureRange_WritesOnlyThoseFeatures(int k, int d, int start, int end)
    {
        var centers = new CenterSet<T>(k, d);
        Fill(centers, new System.Random(k), offset: 1);
        centers.UpdateNorms();
        T[] before = centers.Values.ToArray();
        Fill(centers, new System.Random(k + 1), offset: 2);

        centers.Transpose(start, end);

        for (int f = 0; f < d; f++)
        {
            T[] source = f >= start && f < end ? centers.Values : before;
            for (int j = 0; j < k; j++)
            {
                Assert.Equal(source[(j * d) + f], centers.Transposed[(f * centers.PaddedClusters) + j]);
            }
        }
    }

    /// <summary>Values in [offset, offset + 1), so two fills with different offsets differ everywhere.</summary>
    private static void Fill(CenterSet<T> centers, System.Random random, int offset)
    {
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = T.CreateTruncating(offset + random.NextDouble());
        }
    }
}

public sealed class CenterSetTestsSingle : CenterSetTests<float>
{
}

public sealed class CenterSetTestsDouble : CenterSetTests<double>
{
}
