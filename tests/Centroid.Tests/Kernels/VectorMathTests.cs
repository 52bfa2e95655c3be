using System.Numerics;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>The vectorised conversions and sums give exactly what the scalar loop, one element at a time, gives.</summary>
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

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(20)]
    [InlineData(37)]
    public void AddScaled_FusesEachElementAsTheScalarLoop(int length)
    {
        var random = new System.Random(length + 11);
        T[] x = Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5)).ToArray();
        T[] start = Enumerable.Range(0, length).Select(_ => T.CreateTruncating((random.NextDouble() - 0.5) * 1000)).ToArray();
        T w = T.CreateTruncating(0.1 + random.NextDouble());
        T[] accumulator = (T[])start.Clone();

        VectorMath.AddScaled<T>(x, w, accumulator);

        Assert.Equal(start.Select((a, i) => T.FusedMultiplyAdd(x[i], w, a)).ToArray(), accumulator);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(37)]
    public void AddWidened_AddsTheExactDoubleOfEachElement(int length)
    {
        var random = new System.Random(length + 17);
        T[] source = Enumerable.Range(0, length).Select(_ => T.CreateTruncating((random.NextDouble() - 0.5) * 1e6)).ToArray();
        double[] start = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * 1e-3).ToArray();
        double[] destination = (double[])start.Clone();

        VectorMath.AddWidened<T>(source, destination);

        Assert.Equal(start.Select((s, i) => s + double.CreateTruncating(source[i])).ToArray(), destination);
    }

    [Fact]
    public void AddWidened_RejectsAShorterDestination() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorMath.AddWidened<T>(new T[8], new double[7]));

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
