using System.IO.Compression;
using Centroid.Cli.Profiling;
using Centroid.IO;
using Centroid.Tests.Cli;

namespace Centroid.Tests.Profiling;

public sealed class NpzWriterTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void WriteCsr_Float64_ReadsBackEqual()
    {
        CsrMatrix<double> written = Sample<double>();
        string path = _scratch.File("m.npz");

        NpzWriter.WriteCsr(path, written);

        AssertEqual(written, NpzReader.ReadCsr<double>(path));
    }

    [Fact]
    public void WriteCsr_Float32_ReadsBackEqual()
    {
        CsrMatrix<float> written = Sample<float>();
        string path = _scratch.File("m.npz");

        NpzWriter.WriteCsr(path, written);

        AssertEqual(written, NpzReader.ReadCsr<float>(path));
    }

    [Fact]
    public void WriteCsr_HasSciPysEntries_StoredUncompressed_WithBytesFormat()
    {
        string path = _scratch.File("m.npz");

        NpzWriter.WriteCsr(path, Sample<double>());

        using ZipArchive archive = ZipFile.OpenRead(path);
        Assert.Equal(["indices.npy", "indptr.npy", "format.npy", "shape.npy", "data.npy"], archive.Entries.Select(e => e.FullName));
        Assert.All(archive.Entries, e => Assert.Equal(e.Length, e.CompressedLength));
        NpzHeader header = NpzReader.ReadHeader(path);
        Assert.Equal((4L, 5L), (header.Rows, header.Columns));
        using var format = new StreamReader(archive.GetEntry("format.npy")!.Open());
        Assert.Contains("'descr': '|S3'", format.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteCsr_EmptyRowsAndNoEntries_ReadsBackEqual()
    {
        var written = new CsrMatrix<double>(Array.Empty<double>(), Array.Empty<int>(), new int[4], 3);
        string path = _scratch.File("empty.npz");

        NpzWriter.WriteCsr(path, written);

        AssertEqual(written, NpzReader.ReadCsr<double>(path));
    }

    [Fact]
    public void Dispose_BeforeComplete_LeavesNoFile()
    {
        string path = _scratch.File("abandoned.npz");

        using (var writer = new NpzWriter(path))
        {
            writer.WriteArray<int>("indices", [1, 2, 3]);
        }

        Assert.Empty(Directory.GetFiles(_scratch.Path));
    }

    /// <summary>4 × 5 with an empty row, unsorted indices within a row, and values that round-trip only bit-exactly.</summary>
    private static CsrMatrix<T> Sample<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new(
            [T.CreateTruncating(0.1), T.CreateTruncating(-2.5e-7), T.CreateTruncating(1e30), T.CreateTruncating(3.0), T.Epsilon],
            [4, 0, 2, 1, 3],
            [0, 2, 2, 4, 5],
            5);

    private static void AssertEqual<T>(CsrMatrix<T> expected, CsrMatrix<T> actual) where T : unmanaged
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
        Assert.Equal(expected.Indices.ToArray(), actual.Indices.ToArray());
        Assert.Equal(expected.RowPointers.ToArray(), actual.RowPointers.ToArray());
    }
}
