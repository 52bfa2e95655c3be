using System.Numerics;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>The vectorised conversions give exactly what one scalar conversion per element gives.</summary>
public abstract class VectorMathTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(37)]
    public void ScaleInto_RoundsEachProductOnceToT(int length)
    {
        var random = new System.Random(length + 5);
        double[] sums = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9))).ToArray();
        double alpha = 1.0 / 7.0;
        var destination = new T[length];

        VectorMath.ScaleInto<T>(sums, alpha, destination);

        // Products of random doubles rarely sit on a rounding boundary of float, so this also tells double rounding
        // (via some other order) from the single rounding of sum × alpha.
        Assert.Equal(sums.Select(s => T.CreateTruncating(s * alpha)).ToArray(), destination);
    }

    [Fact]
    public void Widen_IsTheExactDoubleOfTheValue()
    {
        T[] values = [T.Zero, -T.Zero, T.One, T.CreateTruncating(-1.5e-30), T.CreateTruncating(3.0e38), T.Epsilon, T.NegativeInfinity];
        Assert.Equal(values.Select(v => double.CreateTruncating(v)).ToArray(), values.Select(VectorMath.Widen).ToArray());
    }
}

public sealed class VectorMathTestsSingle : VectorMathTests<float>
{
}

public sealed class VectorMathTestsDouble : VectorMathTests<double>
{
}
