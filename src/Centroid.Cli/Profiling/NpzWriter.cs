using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Centroid.Cli.Profiling;

/// <summary>
/// Writes a NumPy <c>.npz</c> archive as <c>np.savez</c> does: a zip with one <c>.npy</c> per array, stored
/// uncompressed. <see cref="WriteCsr{T}"/> lays a CSR matrix out as <c>scipy.sparse.save_npz(..., compressed=False)</c>
/// does, so that SciPy and <see cref="Centroid.IO.NpzReader"/> read it.
/// </summary>
/// <remarks>
/// Arrays can be streamed in pieces (<see cref="BeginArray"/>), so a large matrix never has to be in memory at once.
/// The archive is built in a temporary file beside the destination and moved into place by <see cref="Complete"/>; an
/// archive disposed before that is deleted.
/// </remarks>
internal sealed class NpzWriter : IDisposable
{
    private readonly string _destination;
    private readonly string _temporary;
    private readonly ZipArchive _archive;
    private bool _completed;

    /// <summary>Starts an archive that will replace <paramref name="path"/> when completed.</summary>
    /// <param name="path">The destination.</param>
    public NpzWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _destination = Path.GetFullPath(path);
        _temporary = Path.Combine(Path.GetDirectoryName(_destination) ?? ".", $".{Path.GetFileName(_destination)}.{Path.GetRandomFileName()}.tmp");
        var stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        _archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: false);
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> to <paramref name="path"/> with SciPy's entries: <c>indices</c>, <c>indptr</c>,
    /// <c>format</c> (the bytes <c>b'csr'</c>), <c>shape</c> (int64) and <c>data</c>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static void WriteCsr<T>(string path, CsrMatrix<T> matrix)
        where T : unmanaged
    {
        using var writer = new NpzWriter(path);
        writer.WriteArray<int>("indices", matrix.Indices.Span);
        writer.WriteArray<int>("indptr", matrix.RowPointers.Span);
        writer.WriteCsrFormatAndShape(matrix.Rows, matrix.Columns);
        writer.WriteArray<T>("data", matrix.Values.Span);
        writer.Complete();
    }

    /// <summary>Writes the <c>format</c> and <c>shape</c> entries of a CSR matrix, as SciPy does.</summary>
    public void WriteCsrFormatAndShape(long rows, long columns)
    {
        WriteBytesScalar("format", "csr");
        WriteArray<long>("shape", [rows, columns]);
    }

    /// <summary>Writes a whole array as the entry <c><paramref name="name"/>.npy</c>.</summary>
    /// <param name="name">The array's name in <c>np.load(...)[name]</c>.</param>
    /// <param name="values">The elements in C order.</param>
    /// <param name="shape">The dimensions; a 1-D array of all the values when empty.</param>
    public void WriteArray<T>(string name, ReadOnlySpan<T> values, params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        using Stream entry = BeginArray(name, NpyDescr.Of<T>(), shape.IsEmpty ? [values.Length] : shape);
        entry.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>
    /// Starts the entry <c><paramref name="name"/>.npy</c> and writes its header; the caller writes the elements' bytes
    /// (little-endian, C order) to the returned stream and disposes it before starting another entry.
    /// </summary>
    public Stream BeginArray(string name, string descr, params ReadOnlySpan<long> shape)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        Stream entry = _archive.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
        entry.Write(NpyHeaderBuilder.Build(descr, shape));
        return entry;
    }

    /// <summary>Moves the finished archive into place.</summary>
    public void Complete()
    {
        _archive.Dispose();
        File.Move(_temporary, _destination, overwrite: true);
        _completed = true;
    }

    /// <summary>Deletes the temporary file if the archive was not completed.</summary>
    public void Dispose()
    {
        if (_completed)
        {
            return;
        }

        _archive.Dispose();
        File.Delete(_temporary);
        _completed = true;
    }

    /// <summary>A 0-d NumPy bytes array (<c>|S<i>n</i></c>), as <c>np.array(b'csr')</c>.</summary>
    private void WriteBytesScalar(string name, string ascii)
    {
        using Stream entry = BeginArray(name, $"|S{ascii.Length}");
        entry.Write(Encoding.ASCII.GetBytes(ascii));
    }
}
