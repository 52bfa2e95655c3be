using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>The transposed centers the kernels read start on a cache line and hold every center's features, feature-major.</summary>
public abstract class CenterSetTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 20)]
    [InlineData(20, 300)]
    [InlineData(256, 64)]
    public void Transposed_StartsOnACacheLine_AndHoldsTheCentersFeatureMajor(int k, int d)
    {
        var centers = new CenterSet<T>(k, d);
        var random = new System.Random(k + d);
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = T.CreateTruncating(random.NextDouble());
        }

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
}

public sealed class CenterSetTestsSingle : CenterSetTests<float>
{
}

public sealed class CenterSetTestsDouble : CenterSetTests<double>
{
}
