using System.Numerics;
using Centroid.IO;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>Center norms round as scikit-learn's <c>row_norms</c> (NumPy einsum), bit for bit, for every length.</summary>
public class NumpyEinsumTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ties");

    [Fact]
    public void SquaredNorm_Float_EqualsEinsumBitForBit() => AssertEinsum<float>("f32");

    [Fact]
    public void SquaredNorm_Double_EqualsEinsumBitForBit() => AssertEinsum<double>("f64");

    private static void AssertEinsum<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseMatrix<T> inputs = NpyReader.ReadMatrix<T>(Path.Combine(Directory, $"einsum_{name}.npy"));
        T[] expected = NpyReader.ReadVector<T>(Path.Combine(Directory, $"einsum_norms_{name}.npy"));
        for (int d = 1; d <= expected.Length; d++)
        {
            T actual = NumpyEinsum.SquaredNorm<T>(inputs.Row(d - 1)[..d]);
            Assert.True(actual == expected[d - 1], $"d = {d}: {actual} != einsum's {expected[d - 1]}");
        }
    }
}
