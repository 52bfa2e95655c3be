using System.IO.Compression;
using System.Text;
using Centroid.IO;

namespace Centroid.Tests.IO;

public sealed class NpzReaderTests : IDisposable
{
    // [[0, 1, 0, 0, 2.5], [3, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, -4, 5, 0, 6]]
    private static readonly double[] s_data = [1.0, 2.5, 3.0, -4.0, 5.0, 6.0];
    private static readonly int[] s_indices = [1, 4, 0, 1, 2, 4];
    private static readonly int[] s_indptr = [0, 2, 3, 3, 6];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void ReadCsr_StoredOrDeflated_ReadsTheArrays(CompressionLevel level)
    {
        string path = Write(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), level);

        CsrMatrix<double> matrix = NpzReader.ReadCsr<double>(path);

        Assert.Equal(4, matrix.Rows);
        Assert.Equal(5, matrix.Columns);
        Assert.Equal(s_data, matrix.Values.ToArray());
        Assert.Equal(s_indices, matrix.Indices.ToArray());
        Assert.Equal(s_indptr, matrix.RowPointers.ToArray());
    }

    [Fact]
    public void ReadHeader_ReportsDataTypeShapeAndNonZeros()
    {
        string path = Write(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5));

        NpzHeader header = NpzReader.ReadHeader(path);

        Assert.Equal(NpyDataType.Float64, header.DataType);
        Assert.Equal(4, header.Rows);
        Assert.Equal(5, header.Columns);
        Assert.Equal(6, header.NonZeros);
        Assert.Equal("csr 4x5, 6 stored float64", header.ToString());
    }

    [Fact]
    public void ReadCsr_Float32Data_ReadsAsFloat()
    {
        var entries = NpzBuilder.Replace(
            NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Vector("data.npy", "<f4", s_data.Select(v => (float)v).ToArray()));
        string path = Write(entries);

        CsrMatrix<float> matrix = NpzReader.ReadCsr<float>(path);

        Assert.Equal([1f, 2.5f, 3f, -4f, 5f, 6f], matrix.Values.ToArray());
    }

    [Fact]
    public void ReadCsr_FormatStoredAsUnicodeString_Reads()
    {
        var format = ("format.npy", NpyBytes.Array("<U3", "()", Encoding.UTF32.GetBytes("csr")));
        string path = Write(NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), format));

        Assert.Equal(4, NpzReader.ReadCsr<double>(path).Rows);
    }

    [Fact]
    public void ReadCsr_NoStoredValues_ReadsEmptyRows()
    {
        string path = Write(NpzBuilder.Csr([], [], [0, 0, 0], 3));

        CsrMatrix<double> matrix = NpzReader.ReadCsr<double>(path);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal(0, matrix.NonZeros);
    }

    [Fact]
    public void ReadCsr_Int64IndicesAndIndptr_AreNarrowed()
    {
        var entries = NpzBuilder.Csr(s_data, s_indices, s_indptr, 5);
        entries = NpzBuilder.Replace(entries, NpzBuilder.Vector("indices.npy", "<i8", s_indices.Select(i => (long)i).ToArray()));
        entries = NpzBuilder.Replace(entries, NpzBuilder.Vector("indptr.npy", "<i8", s_indptr.Select(i => (long)i).ToArray()));
        string path = Write(entries);

        CsrMatrix<double> matrix = NpzReader.ReadCsr<double>(path);

        Assert.Equal(s_indices, matrix.Indices.ToArray());
        Assert.Equal(s_indptr, matrix.RowPointers.ToArray());
    }

    [Fact]
    public void ReadCsr_Int64IndexBeyondInt32_ThrowsNamingTheEntry()
    {
        long[] indices = [1, 4, 0, 1, 2, 1L << 33];
        string path = Write(NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Vector("indices.npy", "<i8", indices)));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("indices.npy", ex.Message);
        Assert.Contains("8589934592 at position 5", ex.Message);
    }

    [Fact]
    public void ReadCsr_CscFormat_ThrowsSayingOnlyCsrIsSupported()
    {
        string path = Write(NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Format("csc")));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("'csc'", ex.Message);
        Assert.Contains("only CSR is supported", ex.Message);
        Assert.Contains(".tocsr()", ex.Message);
    }

    [Fact]
    public void ReadHeader_CooFormat_Throws()
    {
        string path = Write(NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Format("coo")));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadHeader(path));

        Assert.Contains("'coo'", ex.Message);
    }

    [Fact]
    public void ReadCsr_ZipWithoutFormatEntry_ThrowsNamingTheMissingEntry()
    {
        string path = Write(NpzBuilder.Without(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), "format.npy"));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("no 'format.npy' entry", ex.Message);
        Assert.Contains("save_npz", ex.Message);
    }

    [Fact]
    public void ReadCsr_ZipWithoutIndptrEntry_ThrowsNamingTheMissingEntry()
    {
        string path = Write(NpzBuilder.Without(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), "indptr.npy"));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains("no 'indptr.npy' entry", ex.Message);
    }

    [Fact]
    public void ReadCsr_ColumnIndexOutOfRange_ThrowsInvalidDataKeepingThePosition()
    {
        int[] indices = [1, 4, 0, 7, 2, 4];
        string path = Write(NpzBuilder.Csr(s_data, indices, s_indptr, 5));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("Column index 7 at position 3 is outside [0, 5)", ex.Message);
        Assert.IsAssignableFrom<ArgumentException>(ex.InnerException);
    }

    [Fact]
    public void ReadCsr_DecreasingIndptr_ThrowsInvalidData()
    {
        string path = Write(NpzBuilder.Csr(s_data, s_indices, [0, 3, 2, 3, 6], 5));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("indptr must not decrease", ex.Message);
    }

    [Fact]
    public void ReadCsr_IndptrNotEndingAtValueCount_ThrowsInvalidData()
    {
        string path = Write(NpzBuilder.Csr(s_data, s_indices, [0, 2, 3, 3, 5], 5));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains("last entry", ex.Message);
    }

    [Fact]
    public void ReadCsr_IndptrLengthDisagreeingWithShape_Throws()
    {
        var entries = NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Shape(7, 5));
        string path = Write(entries);

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadHeader(path));

        Assert.Contains("7 rows", ex.Message);
        Assert.Contains("indptr.npy needs 8 entries; it has 5", ex.Message);
    }

    [Fact]
    public void ReadCsr_IndicesLengthDisagreeingWithData_Throws()
    {
        string path = Write(NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Vector("indices.npy", "<i4", 1, 4)));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains("indices.npy has 2 entries but data.npy has 6", ex.Message);
    }

    [Fact]
    public void ReadCsr_Float64DataAsFloat_ThrowsNamingTheDtype()
    {
        string path = Write(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<float>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("float64", ex.Message);
        Assert.Contains("read them as double", ex.Message);
    }

    [Fact]
    public void ReadCsr_IntegerData_Throws()
    {
        var entries = NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Vector("data.npy", "<i8", 1L, 2L, 3L, 4L, 5L, 6L));
        string path = Write(entries);

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains("data.npy", ex.Message);
        Assert.Contains("int64", ex.Message);
    }

    [Fact]
    public void ReadCsr_FloatIndices_Throws()
    {
        var entries = NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), NpzBuilder.Vector("indices.npy", "<f8", 1.0, 4, 0, 1, 2, 4));
        string path = Write(entries);

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains("indices.npy", ex.Message);
        Assert.Contains("int32 or int64", ex.Message);
    }

    [Fact]
    public void ReadCsr_TruncatedEntry_ThrowsNamingTheEntry()
    {
        byte[] data = NpyBytes.Array("<f8", "(6,)", NpyBytes.Payload(s_data));
        string path = Write(NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), ("data.npy", data[..^4])));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains("data.npy", ex.Message);
        Assert.Contains("expected 48 bytes of data", ex.Message);
        Assert.Contains("file has 44", ex.Message);
    }

    [Fact]
    public void ReadCsr_EntryThatIsNotNpy_Throws()
    {
        string path = Write(NpzBuilder.Replace(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5), ("shape.npy", Encoding.ASCII.GetBytes("4,5"))));

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains("shape.npy", ex.Message);
        Assert.Contains("not an .npy file", ex.Message);
    }

    [Fact]
    public void ReadCsr_NotAZip_ThrowsNamingTheFile()
    {
        string path = _temp.WriteText("m.npz", "this is not a zip archive");

        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("not an .npz (zip) file", ex.Message);
    }

    [Fact]
    public void ReadCsr_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => NpzReader.ReadCsr<double>(_temp.File("missing.npz")));
    }

    [Fact]
    public void ReadCsr_IntElementType_ThrowsNotSupported()
    {
        string path = Write(NpzBuilder.Csr(s_data, s_indices, s_indptr, 5));

        Assert.Throws<NotSupportedException>(() => NpzReader.ReadCsr<int>(path));
    }

    private string Write(List<(string Name, byte[] Content)> entries, CompressionLevel level = CompressionLevel.Optimal)
    {
        string path = _temp.File("m.npz");
        NpzBuilder.Write(path, entries, level);
        return path;
    }
}
