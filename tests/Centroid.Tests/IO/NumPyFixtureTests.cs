using System.Text.Json;
using Centroid.IO;

namespace Centroid.Tests.IO;

/// <summary>Reads files written by real NumPy and SciPy (Fixtures/io/make_io_fixtures.py) and compares with expected.json.</summary>
public sealed class NumPyFixtureTests
{
    private static readonly string s_directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "io");

    private static readonly Lazy<JsonDocument> s_expected =
        new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(s_directory, "expected.json"))));

    [Theory]
    [InlineData("f32.npy")]
    [InlineData("f32_v2.npy")]
    public void ReadMatrix_NumPyFloat32File_MatchesNumPy(string name)
    {
        JsonElement expected = Npy(name);

        DenseMatrix<float> matrix = NpyReader.ReadMatrix<float>(Fixture(name));

        Assert.Equal(Shape(expected), new[] { matrix.Rows, matrix.Columns });
        Assert.True(matrix.TryGetContiguous(out ReadOnlySpan<float> all));
        Assert.Equal(Values(expected).Select(v => (float)v), all.ToArray());
    }

    [Theory]
    [InlineData("f64.npy")]
    [InlineData("f64_one_row.npy")]
    [InlineData("f64_one_column.npy")]
    [InlineData("f64_big_endian.npy")]
    [InlineData("f64_v3.npy")]
    public void ReadMatrix_NumPyFloat64File_MatchesNumPy(string name)
    {
        JsonElement expected = Npy(name);

        DenseMatrix<double> matrix = NpyReader.ReadMatrix<double>(Fixture(name));

        Assert.Equal(Shape(expected), new[] { matrix.Rows, matrix.Columns });
        Assert.True(matrix.TryGetContiguous(out ReadOnlySpan<double> all));
        Assert.Equal(Values(expected), all.ToArray());
    }

    [Theory]
    [InlineData("i32.npy")]
    [InlineData("i32_big_endian.npy")]
    [InlineData("i64_small.npy")]
    public void ReadVector_NumPyIntegerFile_ReadsAsInt(string name)
    {
        int[] values = NpyReader.ReadVector<int>(Fixture(name));

        Assert.Equal(Values(Npy(name)).Select(v => (int)v), values);
    }

    [Theory]
    [InlineData("i32.npy")]
    [InlineData("i64.npy")]
    public void ReadVector_NumPyIntegerFile_ReadsAsLong(string name)
    {
        long[] values = NpyReader.ReadVector<long>(Fixture(name));

        Assert.Equal(Npy(name).GetProperty("values").EnumerateArray().Select(v => v.GetInt64()), values);
    }

    [Fact]
    public void ReadVector_NumPyInt64FileWithValueBeyondInt32_ThrowsAsInt()
    {
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadVector<int>(Fixture("i64.npy")));

        Assert.Contains("9000000000 at position 2", ex.Message);
    }

    [Theory]
    [InlineData("f32.npy", NpyDataType.Float32)]
    [InlineData("f64_big_endian.npy", NpyDataType.Float64)]
    [InlineData("i32_big_endian.npy", NpyDataType.Int32)]
    [InlineData("i64.npy", NpyDataType.Int64)]
    public void ReadHeader_NumPyFile_ReportsDtypeDescrAndShape(string name, NpyDataType dataType)
    {
        JsonElement expected = Npy(name);

        NpyHeader header = NpyReader.ReadHeader(Fixture(name));

        Assert.Equal(dataType, header.DataType);
        Assert.Equal(expected.GetProperty("descr").GetString(), header.Descr);
        Assert.Equal(Shape(expected).Select(d => (long)d), header.Shape);
    }

    [Fact]
    public void ReadMatrix_NumPyFortranOrderedFile_Throws()
    {
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.ReadMatrix<double>(Fixture("f64_fortran.npy")));

        Assert.Contains("f64_fortran.npy", ex.Message);
        Assert.Contains("np.ascontiguousarray", ex.Message);
    }

    [Theory]
    [InlineData("csr_f64_compressed.npz")]
    [InlineData("csr_f64_stored.npz")]
    [InlineData("csr_int64_index.npz")]
    public void ReadCsr_SciPyFloat64File_MatchesSciPy(string name)
    {
        JsonElement expected = Npz(name);

        CsrMatrix<double> matrix = NpzReader.ReadCsr<double>(Fixture(name));

        Assert.Equal(Shape(expected), new[] { matrix.Rows, matrix.Columns });
        Assert.Equal(Doubles(expected, "data"), matrix.Values.ToArray());
        Assert.Equal(Ints(expected, "indices"), matrix.Indices.ToArray());
        Assert.Equal(Ints(expected, "indptr"), matrix.RowPointers.ToArray());
    }

    [Theory]
    [InlineData("csr_f32_compressed.npz")]
    [InlineData("csr_f32_stored.npz")]
    public void ReadCsr_SciPyFloat32File_MatchesSciPy(string name)
    {
        JsonElement expected = Npz(name);

        CsrMatrix<float> matrix = NpzReader.ReadCsr<float>(Fixture(name));

        Assert.Equal(Shape(expected), new[] { matrix.Rows, matrix.Columns });
        Assert.Equal(Doubles(expected, "data").Select(v => (float)v), matrix.Values.ToArray());
        Assert.Equal(Ints(expected, "indices"), matrix.Indices.ToArray());
        Assert.Equal(Ints(expected, "indptr"), matrix.RowPointers.ToArray());
    }

    [Theory]
    [InlineData("csr_f32_stored.npz", NpyDataType.Float32)]
    [InlineData("csr_f64_compressed.npz", NpyDataType.Float64)]
    public void ReadHeader_SciPyFile_ReportsDtypeShapeAndNonZeros(string name, NpyDataType dataType)
    {
        JsonElement expected = Npz(name);

        NpzHeader header = NpzReader.ReadHeader(Fixture(name));

        Assert.Equal(dataType, header.DataType);
        Assert.Equal(Shape(expected), new[] { (int)header.Rows, (int)header.Columns });
        Assert.Equal(Doubles(expected, "data").Length, header.NonZeros);
    }

    [Fact]
    public void ReadCsr_SciPyCscFile_ThrowsSayingOnlyCsrIsSupported()
    {
        var ex = Assert.Throws<InvalidDataException>(() => NpzReader.ReadCsr<double>(Fixture("csc.npz")));

        Assert.Contains("csc.npz", ex.Message);
        Assert.Contains("only CSR is supported", ex.Message);
    }

    private static string Fixture(string name) => Path.Combine(s_directory, name);

    private static JsonElement Npy(string name) => s_expected.Value.RootElement.GetProperty("npy").GetProperty(name);

    private static JsonElement Npz(string name) => s_expected.Value.RootElement.GetProperty("npz").GetProperty(name);

    private static int[] Shape(JsonElement entry) => [.. entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];

    private static double[] Values(JsonElement entry) => Doubles(entry, "values");

    private static double[] Doubles(JsonElement entry, string property) =>
        [.. entry.GetProperty(property).EnumerateArray().Select(v => v.GetDouble())];

    private static int[] Ints(JsonElement entry, string property) =>
        [.. entry.GetProperty(property).EnumerateArray().Select(v => v.GetInt32())];
}
