using Centroid.Cli.Profiling;
using Centroid.IO;
using Centroid.Tests.Cli;

namespace Centroid.Tests.Profiling;

public sealed class SeedDataTests : IDisposable
{
    // More rows than one chunk of generation, so the chunk boundaries are crossed.
    private const int Rows = 5000;
    private const int Columns = 3;
    private const int Seed = 5;
    private const int BaselineRows = 200;

    private readonly TempDirectory _scratch = new();
    private readonly IReadOnlyList<ProfileInput> _inputs;

    public SeedDataTests() => _inputs = SeedData.Write(_scratch.Path, Rows, Columns, Seed, BaselineRows);

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Write_MakesFloat64AndFloat32_DenseAndCsr()
    {
        Assert.Equal(["float64 dense", "float32 dense", "float64 csr", "float32 csr"], _inputs.Select(i => i.Name));
        Assert.All(_inputs, i => Assert.True(File.Exists(i.Path) && File.Exists(i.BaselinePath)));
        Assert.All(_inputs, i => Assert.Equal((Rows, BaselineRows, Columns), (i.Rows, i.BaselineRows, i.Columns)));
    }

    [Fact]
    public void DenseFloat64_HoldsSystemRandomsSequenceInRowMajorOrder()
    {
        DenseMatrix<double> read = NpyReader.ReadMatrix<double>(_inputs[0].Path);

        Assert.Equal((Rows, Columns), (read.Rows, read.Columns));
        Assert.Equal(Expected(Rows), All(read));
    }

    [Fact]
    public void DenseFloat32_IsFloat64RoundedToNearest()
    {
        DenseMatrix<float> read = NpyReader.ReadMatrix<float>(_inputs[1].Path);

        Assert.Equal(Expected(Rows).Select(v => (float)v), All(read));
    }

    [Fact]
    public void Csr_StoresEveryEntryOfTheDenseData()
    {
        CsrMatrix<double> float64 = NpzReader.ReadCsr<double>(_inputs[2].Path);
        CsrMatrix<float> float32 = NpzReader.ReadCsr<float>(_inputs[3].Path);

        Assert.Equal(Expected(Rows), float64.Values.ToArray());
        Assert.Equal(Expected(Rows).Select(v => (float)v), float32.Values.ToArray());
        Assert.Equal(Enumerable.Range(0, Rows * Columns).Select(i => i % Columns), float64.Indices.ToArray());
        Assert.Equal(Enumerable.Range(0, Rows + 1).Select(i => i * Columns), float64.RowPointers.ToArray());
        Assert.Equal(Columns, float64.Columns);
    }

    [Fact]
    public void BaselineFiles_HoldTheFirstRows()
    {
        Assert.Equal(Expected(BaselineRows), All(NpyReader.ReadMatrix<double>(_inputs[0].BaselinePath)));
        Assert.Equal(BaselineRows, NpzReader.ReadCsr<float>(_inputs[3].BaselinePath).Rows);
    }

    [Fact]
    public void Bytes_AreTheDataForDense_AndDataIndicesAndIndptrForCsr()
    {
        long stored = (long)Rows * Columns;
        Assert.Equal([stored * 8, stored * 4, (stored * 12) + ((Rows + 1) * 4), (stored * 8) + ((Rows + 1) * 4)], _inputs.Select(i => i.Bytes));
    }

    private static double[] Expected(int rows)
    {
        var random = new System.Random(Seed);
        return [.. Enumerable.Range(0, rows * Columns).Select(_ => random.NextDouble())];
    }

    private static T[] All<T>(DenseMatrix<T> matrix) where T : unmanaged =>
        [.. Enumerable.Range(0, matrix.Rows).SelectMany(r => matrix.Row(r).ToArray())];
}
