using System.Text.Json;
using Centroid.Kernels;
using Centroid.Random;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// The NumPy draws the mini-batch path makes, against NumPy itself (<c>rng.json</c>): <c>choice(n, size, p=w/Σw)</c>
/// with replacement (the fit's batch sampling, p computed in the weights' dtype, zero weights never drawn) and
/// <c>argsort</c>'s order of tied counts (the reassignment cap).
/// </summary>
public sealed class RandomDrawTests
{
    public static TheoryData<int> ChoiceCases() => [.. Enumerable.Range(0, MiniBatchFixture.Json("rng.json").GetProperty("choice").GetArrayLength())];

    public static TheoryData<int> ArgsortCases() => [.. Enumerable.Range(0, MiniBatchFixture.Json("rng.json").GetProperty("argsort").GetArrayLength())];

    [Theory]
    [MemberData(nameof(ChoiceCases))]
    public void ReplacementChoice_DrawsNumpysIndices_AndConsumesAsMuch(int index)
    {
        JsonElement c = MiniBatchFixture.Json("rng.json").GetProperty("choice")[index];
        double[] weights = MiniBatchFixture.Doubles(c.GetProperty("weights"));
        int n = c.GetProperty("n").GetInt32();
        int[] drawn = new int[c.GetProperty("size").GetInt32()];
        var random = new NumpyRandomState(c.GetProperty("seed").GetUInt32());
        bool unit = weights.All(w => w == 1);
        ReplacementChoice choice = c.GetProperty("dtype").GetString() == "float32"
            ? ReplacementChoice.Create<float>(n, unit ? [] : MiniBatchFixture.Cast<float>(weights))
            : ReplacementChoice.Create<double>(n, unit ? [] : weights);

        choice.Sample(random, drawn);

        Assert.Equal(MiniBatchFixture.Ints(c.GetProperty("indices")), drawn);
        Assert.Equal(c.GetProperty("next_randint_2_31").GetInt64(), random.NextInteger(0, (1L << 31) - 1));
        Assert.All(drawn, i => Assert.True(weights[i] > 0));
    }

    [Theory]
    [MemberData(nameof(ArgsortCases))]
    public void ArgSort_OrdersTiesAsNumpy(int index)
    {
        JsonElement c = MiniBatchFixture.Json("rng.json").GetProperty("argsort")[index];
        double[] values = MiniBatchFixture.Doubles(c.GetProperty("values"));
        int[] order = new int[values.Length];

        if (c.GetProperty("dtype").GetString() == "float32")
        {
            NumpyArgSort.Sort<float>(MiniBatchFixture.Cast<float>(values), order);
        }
        else
        {
            NumpyArgSort.Sort<double>(values, order);
        }

        Assert.Equal(MiniBatchFixture.Ints(c.GetProperty("order")), order);
    }

    /// <summary>
    /// Without weights only every 32nd running sum is kept and the rest recomputed; the draws must equal those of the
    /// full cdf built from explicit unit weights (the same p, the same additions), over sizes around the block edge.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(1000)]
    [InlineData(200003)]
    public void EqualWeightsWithoutAFullCdf_DrawAsTheFullCdf(int n)
    {
        ReplacementChoice compact = ReplacementChoice.Create<float>(n, []);
        ReplacementChoice full = ReplacementChoice.Create<float>(n, Enumerable.Repeat(1f, n).ToArray());
        int[] a = new int[4096];
        int[] b = new int[4096];

        compact.Sample(new NumpyRandomState(7), a);
        full.Sample(new NumpyRandomState(7), b);

        Assert.Equal(b, a);
    }
}
