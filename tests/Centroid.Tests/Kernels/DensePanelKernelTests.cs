using System.Runtime.Intrinsics.X86;
using Centroid.Kernels;

namespace Centroid.Tests.Kernels;

/// <summary>
/// The panel kernel, reading rows where they lie (any row stride) and shifting them as it goes, gives the labels and
/// the score bits of the row-major kernel run on a shifted copy of the rows, for every feature count around its groups
/// of four and every center count up to eight.
/// </summary>
public sealed class DensePanelKernelTests
{
    public static TheoryData<int, int, int, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (int d in new[] { 4, 5, 6, 7, 8, 9, 12, 13, 20, 31 })
        {
            foreach (int k in new[] { 1, 2, 3, 5, 8 })
            {
                data.Add(d, k, 0, true);
                data.Add(d, k, 3, true);
                data.Add(d, k, 0, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GivesTheRowMajorKernelsLabelsAndScoreBits(int d, int k, int extraStride, bool shifted)
    {
        if (!DensePanelKernel.Handles<float>(k, d))
        {
            Assert.False(Avx.IsSupported && Fma.IsSupported, "the kernel should serve this shape on this machine");
            return;
        }

        const int panels = 5;
        const int rows = panels * DensePanelKernel.PanelRows;
        int stride = d + extraStride;
        var random = new System.Random((d * 97) + (k * 7) + extraStride);
        float[] data = Enumerable.Range(0, rows * stride).Select(_ => (float)((random.NextDouble() * 6) + 1)).ToArray();
        float[] shift = shifted ? Enumerable.Range(0, d).Select(_ => (float)((random.NextDouble() * 2) + 3)).ToArray() : [];
        var centers = new CenterSet<float>(k, d);
        for (int i = 0; i < centers.Values.Length; i++)
        {
            centers.Values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        if (k > 2)
        {
            centers.Row(1).CopyTo(centers.Row(k - 1));  // an exact tie: the lower index must win
        }

        centers.UpdateNorms();

        // The reference: the rows copied and shifted, then the row-major kernel.
        float[] copy = new float[rows * d];
        for (int r = 0; r < rows; r++)
        {
            for (int f = 0; f < d; f++)
            {
                copy[(r * d) + f] = data[(r * stride) + f] - (shifted ? shift[f] : 0f);
            }
        }

        int[] expectedLabels = new int[rows];
        float[] expectedScores = new float[rows];
        DenseAssignKernel.Nearest<float>(copy, rows, d, centers, expectedLabels, expectedScores);

        int[] labels = new int[rows];
        float[] scores = new float[rows];
        DensePanelKernel.Nearest(in data[0], stride, panels, d, shift, centers, labels, scores);

        Assert.Equal(expectedLabels, labels);
        Assert.Equal(expectedScores.Select(BitConverter.SingleToInt32Bits), scores.Select(BitConverter.SingleToInt32Bits));
        if (k > 2)
        {
            Assert.DoesNotContain(k - 1, labels);
        }
    }

    [Theory]
    [InlineData(9, 20)]
    [InlineData(8, 3)]
    public void Handles_NoMoreThanEightCentersNorFewerThanFourFeatures(int k, int d)
    {
        Assert.False(DensePanelKernel.Handles<float>(k, d));
    }

    [Fact]
    public void Handles_FloatsOnly()
    {
        Assert.False(DensePanelKernel.Handles<double>(8, 20));
        Assert.Equal(Avx.IsSupported && Fma.IsSupported, DensePanelKernel.Handles<float>(8, 20));
    }
}
