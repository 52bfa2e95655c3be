using System.Text;
using Centroid.IO;

namespace Centroid.Tests.IO;

public sealed class NpyWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(5, 1)]
    [InlineData(3, 4)]
    public void Write_ThenReadMatrix_Float_RoundTrips(int rows, int columns)
    {
        float[] values = [.. Enumerable.Range(0, rows * columns).Select(i => (i * 0.37f) - 1.5f)];
        string path = _temp.File("x.npy");

        NpyWriter.Write<float>(path, values, rows, columns);
        DenseMatrix<float> matrix = NpyReader.ReadMatrix<float>(path);

        Assert.Equal(rows, matrix.Rows);
        Assert.Equal(columns, matrix.Columns);
        Assert.True(matrix.TryGetContiguous(out ReadOnlySpan<float> all));
        Assert.Equal(values, all.ToArray());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(5, 1)]
    [InlineData(3, 4)]
    public void Write_ThenReadMatrix_Double_RoundTrips(int rows, int columns)
    {
        double[] values = [.. Enumerable.Range(0, rows * columns).Select(i => Math.Sqrt(i) - 1.0)];
        string path = _temp.File("x.npy");

        NpyWriter.Write<double>(path, values, rows, columns);
        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(path);

        Assert.True(matrix.TryGetContiguous(out ReadOnlySpan<double> all));
        Assert.Equal(values, all.ToArray());
    }

    [Fact]
    public void Write_ThenReadVector_Int_RoundTrips()
    {
        int[] values = [3, -1, 0, int.MaxValue, int.MinValue];
        string path = _temp.File("y.npy");

        NpyWriter.Write<int>(path, values, values.Length);

        Assert.Equal(values, NpyReader.ReadVector<int>(path));
        Assert.Equal(NpyDataType.Int32, NpyReader.ReadHeader(path).DataType);
    }

    [Fact]
    public void Write_ThenReadVector_Long_RoundTrips()
    {
        long[] values = [long.MaxValue, -9_000_000_000, 0];
        string path = _temp.File("y.npy");

        NpyWriter.Write<long>(path, values, values.Length);

        Assert.Equal(values, NpyReader.ReadVector<long>(path));
    }

    [Fact]
    public void Write_ThenReadVector_Float_RoundTripsNaNAndInfinity()
    {
        float[] values = [float.NaN, float.PositiveInfinity, -0f, float.Epsilon];
        string path = _temp.File("w.npy");

        NpyWriter.Write<float>(path, values, values.Length);

        Assert.Equal(values, NpyReader.ReadVector<float>(path));
    }

    [Fact]
    public void Write_ThenReadVector_Double_RoundTrips()
    {
        double[] values = [0.1, 1e-300, double.MaxValue];
        string path = _temp.File("w.npy");

        NpyWriter.Write<double>(path, values, values.Length);

        Assert.Equal(values, NpyReader.ReadVector<double>(path));
    }

    [Fact]
    public void Write_EmptyShape_WritesOneDimensionalArray()
    {
        string path = _temp.File("y.npy");

        NpyWriter.Write<int>(path, [4, 5, 6]);

        Assert.Equal([3L], NpyReader.ReadHeader(path).Shape);
    }

    [Fact]
    public void Write_DenseMatrix_RoundTrips()
    {
        var matrix = new DenseMatrix<double>([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2);
        string path = _temp.File("x.npy");

        NpyWriter.Write(path, matrix);
        DenseMatrix<double> read = NpyReader.ReadMatrix<double>(path);

        Assert.Equal(3, read.Rows);
        Assert.Equal([5.0, 6.0], read.Row(2).ToArray());
    }

    [Fact]
    public void Write_StridedDenseMatrix_WritesOnlyItsColumns()
    {
        var matrix = new DenseMatrix<float>(new float[] { 1, 2, 99, 3, 4, 99 }, rows: 2, columns: 2, stride: 3);
        string path = _temp.File("x.npy");

        NpyWriter.Write(path, matrix);
        DenseMatrix<float> read = NpyReader.ReadMatrix<float>(path);

        Assert.True(read.TryGetContiguous(out ReadOnlySpan<float> all));
        Assert.Equal([1f, 2f, 3f, 4f], all.ToArray());
    }

    [Fact]
    public void Write_DataStartsAtMultipleOf64Bytes()
    {
        string path = _temp.File("x.npy");

        NpyWriter.Write<double>(path, [1.0, 2.0, 3.0], 3);

        long headerBytes = new FileInfo(path).Length - (3 * 8);
        Assert.Equal(0, headerBytes % 64);
    }

    [Fact]
    public void Write_SmallHeader_IsVersion1WithLittleEndianCOrderDict()
    {
        string path = _temp.File("x.npy");

        NpyWriter.Write<float>(path, [1f, 2f], 1, 2);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", header);
        Assert.EndsWith("\n", header);
    }

    [Fact]
    public void Write_HeaderTooLongForVersion1_UsesVersion2()
    {
        long[] shape = [.. Enumerable.Repeat(1L, 25_000)];
        string path = _temp.File("x.npy");

        NpyWriter.Write<double>(path, [42.0], shape);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(2, bytes[6]);
        Assert.Equal(0, (bytes.Length - 8) % 64);
        Assert.Equal(25_000, NpyReader.ReadHeader(path).Shape.Count);
    }

    [Fact]
    public void Write_ShapeNotMatchingData_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => NpyWriter.Write<double>(_temp.File("x.npy"), [1.0, 2.0, 3.0], 2, 2));

        Assert.Contains("(2, 2)", ex.Message);
        Assert.False(File.Exists(_temp.File("x.npy")));
    }

    [Fact]
    public void Write_NegativeDimension_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyWriter.Write<double>(_temp.File("x.npy"), [], -1, 0));
    }

    [Fact]
    public void Write_UnsupportedElementType_ThrowsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => NpyWriter.Write<short>(_temp.File("x.npy"), [1, 2], 2));
    }

    [Fact]
    public void Write_ExistingFile_IsReplaced()
    {
        string path = _temp.File("x.npy");
        NpyWriter.Write<double>(path, [1.0, 2.0, 3.0, 4.0], 2, 2);

        NpyWriter.Write<double>(path, [9.0], 1, 1);

        Assert.Equal([1L, 1L], NpyReader.ReadHeader(path).Shape);
    }

    [Fact]
    public void Write_Success_LeavesNoTemporaryFile()
    {
        NpyWriter.Write<double>(_temp.File("x.npy"), [1.0], 1, 1);

        Assert.Equal(["x.npy"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_DestinationIsADirectory_ThrowsAndLeavesNoTemporaryFile()
    {
        string path = _temp.File("taken");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => NpyWriter.Write<double>(path, [1.0], 1, 1));

        Assert.Empty(Directory.GetFiles(_temp.Path));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Write_MissingDirectory_ThrowsAndCreatesNothing()
    {
        string path = Path.Combine(_temp.Path, "no-such-dir", "x.npy");

        Assert.Throws<DirectoryNotFoundException>(() => NpyWriter.Write<double>(path, [1.0], 1, 1));

        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }
}
