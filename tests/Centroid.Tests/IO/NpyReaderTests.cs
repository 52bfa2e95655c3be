using Centroid.IO;

namespace Centroid.Tests.IO;

public sealed class NpyReaderTests : IDisposable
{
    private static readonly double[] s_values = [1.5, -2.0, 3.25, 4.0, 0.5, -6.0];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadHeader_ReportsDataTypeShapeAndCount()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values)));

        NpyHeader header = NpyReader.ReadHeader(path);

        Assert.Equal(NpyDataType.Float64, header.DataType);
        Assert.Equal([2L, 3L], header.Shape);
        Assert.Equal(6, header.ElementCount);
        Assert.Equal(8, header.ElementSize);
        Assert.False(header.IsBigEndian);
        Assert.Equal("<f8", header.Descr);
        Assert.Equal("float64 (2, 3)", header.ToString());
    }

    [Fact]
    public void ReadMatrix_Float64_ReturnsRowMajorMatrix()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values)));

        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(path);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal(3, matrix.Columns);
        Assert.Equal([4.0, 0.5, -6.0], matrix.Row(1).ToArray());
    }

    [Fact]
    public void ReadMatrix_BigEndian_IsByteSwapped()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array(">f8", "(2, 3)", NpyBytes.BigEndianPayload(s_values)));

        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(path);

        Assert.True(matrix.TryGetContiguous(out ReadOnlySpan<double> all));
        Assert.Equal(s_values, all.ToArray());
        Assert.True(NpyReader.ReadHeader(path).IsBigEndian);
    }

    [Fact]
    public void ReadMatrix_BigEndianFloat32_IsByteSwapped()
    {
        float[] values = [1.5f, -2f, 3.25f, 4f];
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array(">f4", "(2, 2)", NpyBytes.BigEndianPayload(values)));

        DenseMatrix<float> matrix = NpyReader.ReadMatrix<float>(path);

        Assert.Equal([3.25f, 4f], matrix.Row(1).ToArray());
    }

    [Theory]
    [InlineData("|f8")]
    [InlineData("=f8")]
    [InlineData("f8")]
    public void ReadMatrix_NativeOrUnspecifiedByteOrder_IsReadAsLittleEndian(string descr)
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array(descr, "(2, 3)", NpyBytes.Payload(s_values)));

        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(path);

        Assert.Equal([1.5, -2.0, 3.25], matrix.Row(0).ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadMatrix_Version2Or3Header_Reads(byte major)
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(3, 2)", NpyBytes.Payload(s_values), major: major));

        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(path);

        Assert.Equal(3, matrix.Rows);
        Assert.Equal([3.25, 4.0], matrix.Row(1).ToArray());
    }

    [Fact]
    public void ReadMatrix_Python2StyleHeader_Reads()
    {
        const string header = "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L, 3L)}";
        string path = _temp.WriteBytes("x.npy", NpyBytes.Build(header, NpyBytes.Payload(s_values)));

        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(path);

        Assert.Equal(2, matrix.Rows);
    }

    [Fact]
    public void ReadMatrix_ZeroRows_ReturnsEmptyMatrix()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f4", "(0, 3)", []));

        DenseMatrix<float> matrix = NpyReader.ReadMatrix<float>(path);

        Assert.Equal(0, matrix.Rows);
        Assert.Equal(3, matrix.Columns);
    }

    [Fact]
    public void ReadMatrix_ZeroColumns_Throws()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f4", "(3, 0)", []));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<float>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("no columns", ex.Message);
    }

    [Fact]
    public void ReadMatrix_Float64FileAsFloat_ThrowsNamingTheFilesDtype()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<float>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("float64", ex.Message);
        Assert.Contains("read it as double", ex.Message);
    }

    [Fact]
    public void ReadMatrix_Float32FileAsDouble_Throws()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f4", "(1, 2)", NpyBytes.Payload(1f, 2f)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("float32", ex.Message);
        Assert.Contains("read it as float", ex.Message);
    }

    [Fact]
    public void ReadMatrix_IntegerFile_ThrowsSuggestingAstype()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<i8", "(1, 2)", NpyBytes.Payload(1L, 2L)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("int64", ex.Message);
        Assert.Contains("astype(np.float64)", ex.Message);
    }

    [Fact]
    public void ReadMatrix_OneDimensional_ThrowsSuggestingReshape()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(6,)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("1-D", ex.Message);
        Assert.Contains("reshape(-1, 1)", ex.Message);
    }

    [Fact]
    public void ReadMatrix_ThreeDimensional_Throws()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(1, 2, 3)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("3-D", ex.Message);
        Assert.Contains("(1, 2, 3)", ex.Message);
    }

    [Fact]
    public void ReadMatrix_IntElementType_ThrowsNotSupported()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<i4", "(1, 2)", NpyBytes.Payload(1, 2)));

        Assert.Throws<NotSupportedException>(() => NpyReader.ReadMatrix<int>(path));
    }

    [Fact]
    public void ReadMatrix_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => NpyReader.ReadMatrix<double>(_temp.File("missing.npy")));
    }

    [Fact]
    public void ReadMatrix_BadMagic_ThrowsNotAnNpy()
    {
        string path = _temp.WriteText("x.npy", "1.0,2.0,3.0\n4.0,5.0,6.0\n");

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("not an .npy file", ex.Message);
    }

    [Fact]
    public void ReadMatrix_ZipArchive_ThrowsSuggestingNpzReader()
    {
        string path = _temp.File("x.npz");
        NpzBuilder.Write(path, [NpzBuilder.Format("csr")]);

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("NpzReader", ex.Message);
    }

    [Fact]
    public void ReadMatrix_EmptyFile_Throws()
    {
        string path = _temp.WriteBytes("x.npy", []);

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void ReadMatrix_FileEndsInsidePreamble_ThrowsTruncatedHeader()
    {
        byte[] full = NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values));
        string path = _temp.WriteBytes("x.npy", full[..8]);

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated header", ex.Message);
    }

    [Fact]
    public void ReadMatrix_FileEndsInsideHeader_ThrowsTruncatedHeader()
    {
        byte[] full = NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values));
        string path = _temp.WriteBytes("x.npy", full[..40]);

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("truncated header", ex.Message);
    }

    [Fact]
    public void ReadMatrix_TruncatedData_ThrowsWithExpectedAndActualByteCounts()
    {
        byte[] full = NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values));
        string path = _temp.WriteBytes("x.npy", full[..^8]);

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("expected 48 bytes of data", ex.Message);
        Assert.Contains("file has 40", ex.Message);
    }

    [Fact]
    public void ReadMatrix_BytesAfterTheData_Throws()
    {
        byte[] payload = NpyBytes.Payload([.. s_values, 7.0]);
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", payload));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("8 unexpected bytes", ex.Message);
    }

    [Fact]
    public void ReadHeader_ShapeFarLargerThanFile_ThrowsBeforeAllocating()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(1000000000, 1000000)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadHeader(path));

        Assert.Contains("expected 8000000000000000 bytes of data", ex.Message);
        Assert.Contains("file has 48", ex.Message);
    }

    [Fact]
    public void ReadMatrix_ShapeFarLargerThanFile_ThrowsBeforeAllocating()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(1000000000, 2000)", NpyBytes.Payload(s_values)));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("truncated data", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "The reader allocated before checking the size.");
    }

    [Fact]
    public void ReadHeader_ShapeOverflowing64Bits_Throws()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(9223372036854775807, 2)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadHeader(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("absurd", ex.Message);
    }

    [Fact]
    public void ReadHeader_HeaderLengthBeyondFile_ThrowsTruncatedHeader()
    {
        byte[] bytes = NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values), major: 2);
        bytes[8] = 0xFF;
        bytes[9] = 0xFF;
        bytes[10] = 0xFF;
        string path = _temp.WriteBytes("x.npy", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadHeader(path));

        Assert.Contains("truncated header", ex.Message);
    }

    [Fact]
    public void ReadMatrix_FortranOrder_ThrowsNamingTheFile()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values), fortranOrder: true));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("Fortran-ordered arrays are not supported; save with np.ascontiguousarray", ex.Message);
    }

    [Fact]
    public void ReadMatrix_FortranOrderWithOneColumn_ReadsBecauseTheLayoutIsTheSame()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(6, 1)", NpyBytes.Payload(s_values), fortranOrder: true));

        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(path);

        Assert.Equal([3.25], matrix.Row(2).ToArray());
    }

    [Fact]
    public void ReadMatrix_ObjectDtype_Throws()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("|O", "(2, 3)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("object arrays", ex.Message);
        Assert.Contains("'|O'", ex.Message);
    }

    [Fact]
    public void ReadMatrix_ComplexDtype_ThrowsNamingTheDescr()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<c16", "(1, 3)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("unsupported dtype '<c16'", ex.Message);
    }

    [Fact]
    public void ReadMatrix_StructuredDtype_ThrowsNamingTheDescr()
    {
        const string header = "{'descr': [('x', '<f8'), ('y', '<f8')], 'fortran_order': False, 'shape': (3,), }";
        string path = _temp.WriteBytes("x.npy", NpyBytes.Build(header, NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("structured dtypes are not supported", ex.Message);
        Assert.Contains("[('x', '<f8'), ('y', '<f8')]", ex.Message);
    }

    [Fact]
    public void ReadMatrix_UnsupportedVersion_Throws()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values), major: 4));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("version 4.0", ex.Message);
    }

    [Fact]
    public void ReadMatrix_MalformedHeader_ThrowsShowingTheHeader()
    {
        const string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3}";
        string path = _temp.WriteBytes("x.npy", NpyBytes.Build(header, NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("malformed header", ex.Message);
        Assert.Contains(header, ex.Message);
    }

    [Fact]
    public void ReadMatrix_HeaderWithoutShape_Throws()
    {
        const string header = "{'descr': '<f8', 'fortran_order': False}";
        string path = _temp.WriteBytes("x.npy", NpyBytes.Build(header, NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("'shape'", ex.Message);
    }

    [Fact]
    public void ReadMatrix_NegativeDimension_Throws()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(-2, 3)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(path));

        Assert.Contains("-2", ex.Message);
        Assert.Contains("non-negative", ex.Message);
    }

    [Fact]
    public void ReadVector_Int64FileAsInt_Narrows()
    {
        string path = _temp.WriteBytes("y.npy", NpyBytes.Array("<i8", "(4,)", NpyBytes.Payload(0L, -1L, int.MaxValue, int.MinValue)));

        int[] labels = NpyReader.ReadVector<int>(path);

        Assert.Equal([0, -1, int.MaxValue, int.MinValue], labels);
    }

    [Fact]
    public void ReadVector_Int64FileAsInt_ConvertsAcrossManyBlocks()
    {
        long[] values = [.. Enumerable.Range(0, 20_001).Select(i => (long)i * 3 - 30_000)];
        string path = _temp.WriteBytes("y.npy", NpyBytes.Array("<i8", $"({values.Length},)", NpyBytes.Payload(values)));

        int[] labels = NpyReader.ReadVector<int>(path);

        Assert.Equal(values.Select(v => (int)v), labels);
    }

    [Fact]
    public void ReadVector_BigEndianInt64FileAsInt_SwapsAndNarrows()
    {
        string path = _temp.WriteBytes("y.npy", NpyBytes.Array(">i8", "(3,)", NpyBytes.BigEndianPayload(5L, -6L, 70000L)));

        int[] labels = NpyReader.ReadVector<int>(path);

        Assert.Equal([5, -6, 70000], labels);
    }

    [Fact]
    public void ReadVector_Int64ValueOutsideInt32_ThrowsNamingValueAndPosition()
    {
        string path = _temp.WriteBytes("y.npy", NpyBytes.Array("<i8", "(3,)", NpyBytes.Payload(1L, 2L, 3_000_000_000L)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadVector<int>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("3000000000 at position 2", ex.Message);
    }

    [Fact]
    public void ReadVector_BigEndianInt32FileAsLong_SwapsAndWidens()
    {
        string path = _temp.WriteBytes("y.npy", NpyBytes.Array(">i4", "(3,)", NpyBytes.BigEndianPayload(7, -8, int.MinValue)));

        long[] values = NpyReader.ReadVector<long>(path);

        Assert.Equal([7L, -8L, int.MinValue], values);
    }

    [Fact]
    public void ReadVector_Int32FileAsLong_Widens()
    {
        string path = _temp.WriteBytes("y.npy", NpyBytes.Array("<i4", "(3,)", NpyBytes.Payload(1, -2, int.MaxValue)));

        long[] values = NpyReader.ReadVector<long>(path);

        Assert.Equal([1L, -2L, int.MaxValue], values);
    }

    [Fact]
    public void ReadVector_Float64FileAsFloat_Throws()
    {
        string path = _temp.WriteBytes("w.npy", NpyBytes.Array("<f8", "(6,)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadVector<float>(path));

        Assert.Contains("float64", ex.Message);
    }

    [Fact]
    public void ReadVector_FloatFileAsInt_Throws()
    {
        string path = _temp.WriteBytes("w.npy", NpyBytes.Array("<f8", "(6,)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadVector<int>(path));

        Assert.Contains("cannot be read as int", ex.Message);
    }

    [Fact]
    public void ReadVector_TwoDimensional_Throws()
    {
        string path = _temp.WriteBytes("w.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadVector<double>(path));

        Assert.Contains("expected a 1-D array", ex.Message);
    }

    [Fact]
    public void ReadVector_FortranFlagOnOneDimensionalArray_IsIgnored()
    {
        string path = _temp.WriteBytes("w.npy", NpyBytes.Array("<f8", "(6,)", NpyBytes.Payload(s_values), fortranOrder: true));

        Assert.Equal(s_values, NpyReader.ReadVector<double>(path));
    }

    [Fact]
    public void ReadVector_ShortElementType_ThrowsNotSupported()
    {
        string path = _temp.WriteBytes("w.npy", NpyBytes.Array("<i4", "(2,)", NpyBytes.Payload(1, 2)));

        Assert.Throws<NotSupportedException>(() => NpyReader.ReadVector<short>(path));
    }

    [Fact]
    public void ReadRowChunks_ConcatenateToTheMatrix_LastChunkHoldingTheRest()
    {
        double[] values = Enumerable.Range(0, 14).Select(i => (i * 0.5) - 3).ToArray();
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(7, 2)", NpyBytes.Payload(values)));

        var rows = new List<int>();
        var seen = new List<double>();
        foreach (DenseMatrix<double> chunk in NpyReader.ReadRowChunks<double>(path, 3))
        {
            rows.Add(chunk.Rows);
            Assert.Equal(2, chunk.Columns);
            Assert.True(chunk.TryGetContiguous(out ReadOnlySpan<double> all));
            seen.AddRange(all.ToArray());
        }

        Assert.Equal([3, 3, 1], rows);
        Assert.Equal(values, seen);
    }

    [Fact]
    public void ReadRowChunks_BigEndianFloat32_IsByteSwapped()
    {
        float[] values = [1.5f, -2f, 3.25f, 4f, 0.5f, -6f];
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array(">f4", "(3, 2)", NpyBytes.BigEndianPayload(values)));

        float[] seen = NpyReader.ReadRowChunks<float>(path, 2).SelectMany(chunk => chunk.Memory.ToArray()).ToArray();

        Assert.Equal(values, seen);
    }

    [Fact]
    public void ReadRowChunks_WrongDataType_ThrowsWhenCalled_NamingTheFile()
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values)));

        // Not deferred to the first MoveNext: the call itself reports the problem.
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadRowChunks<float>(path, 10));

        Assert.StartsWith(path, ex.Message);
        Assert.Contains("float64", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ReadRowChunks_NonPositiveChunk_Throws(int rowsPerChunk)
    {
        string path = _temp.WriteBytes("x.npy", NpyBytes.Array("<f8", "(2, 3)", NpyBytes.Payload(s_values)));

        Assert.Throws<ArgumentOutOfRangeException>(() => NpyReader.ReadRowChunks<double>(path, rowsPerChunk));
    }
}
