using System.IO.Compression;
using System.Text;

namespace Centroid.IO;

/// <summary>
/// Reads CSR matrices saved by <c>scipy.sparse.save_npz</c>, compressed or not: a zip of <c>data.npy</c>,
/// <c>indices.npy</c>, <c>indptr.npy</c>, <c>format.npy</c> and <c>shape.npy</c>.
/// </summary>
/// <remarks>
/// <para>Each array is streamed from its zip entry into its final array; no entry is buffered whole. The values must
/// be float32 or float64 and are never converted. Indices and row pointers may be int32 or int64; int64 ones are
/// narrowed block by block while streaming, and must fit in 32 bits.</para>
/// <para>Only the CSR format is read. Every problem with the file, including a structure the
/// <see cref="CsrMatrix{T}"/> constructor rejects, is an <see cref="InvalidDataException"/> whose message starts with the path.</para>
/// </remarks>
public static class NpzReader
{
    private const string FormatEntry = "format.npy";
    private const string ShapeEntry = "shape.npy";
    private const string DataEntry = "data.npy";
    private const string IndicesEntry = "indices.npy";
    private const string IndptrEntry = "indptr.npy";

    // format.npy holds a three-letter name; anything much longer is not a format string.
    private const int MaxFormatBytes = 256;

    /// <summary>Reads and checks the layout of a SciPy CSR <c>.npz</c> without reading the arrays.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The dtype of the values, the shape and the number of stored entries.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a zip, lacks one of the five arrays, is not in CSR format, or its arrays have unsupported
    /// dtypes or inconsistent lengths.
    /// </exception>
    public static NpzHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using ZipArchive archive = OpenArchive(path);
        return ReadLayout(archive, path);
    }

    /// <summary>Reads a SciPy CSR <c>.npz</c> into a <see cref="CsrMatrix{T}"/> over newly allocated arrays.</summary>
    /// <typeparam name="T"><see cref="float"/> when the stored values are float32, <see cref="double"/> when they are float64.</typeparam>
    /// <param name="path">The file.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid SciPy CSR <c>.npz</c>, the values' dtype is not exactly <typeparamref name="T"/>'s,
    /// an int64 index does not fit in 32 bits, or the structure is invalid (the message keeps the position).
    /// </exception>
    public static CsrMatrix<T> ReadCsr<T>(string path)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NpyDataType wanted = NpyFormat.DataTypeOf<T>() is NpyDataType type and (NpyDataType.Float32 or NpyDataType.Float64)
            ? type
            : throw new NotSupportedException($"NpzReader.ReadCsr reads float or double matrices, not {typeof(T).Name}.");

        using ZipArchive archive = OpenArchive(path);
        NpzHeader layout = ReadLayout(archive, path);
        if (layout.DataType != wanted)
        {
            throw NpyFormat.Error(
                path,
                $"the stored values are {NpyFormat.Name(layout.DataType)} (descr '{layout.DataHeader.Descr}'), which cannot be read as {NpyFormat.CSharpName(wanted)}; " +
                $"read them as {NpyFormat.CSharpName(layout.DataType)}, or convert in SciPy with m.astype(np.{NpyFormat.Name(wanted)}). Centroid never converts silently.");
        }

        T[] values = ReadEntry(archive, path, DataEntry, layout.DataHeader, NpyFormat.ReadArray<T>);
        int[] indices = ReadEntry(archive, path, IndicesEntry, layout.IndicesHeader, NpyFormat.ReadInt32Array);
        int[] indptr = ReadEntry(archive, path, IndptrEntry, layout.IndptrHeader, NpyFormat.ReadInt32Array);
        try
        {
            return new CsrMatrix<T>(values, indices, indptr, (int)layout.Columns);
        }
        catch (ArgumentException ex)
        {
            throw NpyFormat.Error(path, $"invalid CSR structure: {ex.Message}", ex);
        }
    }

    private static ZipArchive OpenArchive(string path)
    {
        // A small buffer for the zip directory's many tiny reads; larger payload reads bypass it.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException ex)
        {
            stream.Dispose();
            throw NpyFormat.Error(path, $"not an .npz (zip) file: {ex.Message}", ex);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static NpzHeader ReadLayout(ZipArchive archive, string path)
    {
        string format = ReadFormat(archive, path);
        if (!string.Equals(format, "csr", StringComparison.Ordinal))
        {
            throw NpyFormat.Error(
                path, $"the matrix is stored in '{format}' format; only CSR is supported. Convert it with .tocsr() before scipy.sparse.save_npz.");
        }

        (long rows, long columns) = ReadShape(archive, path);
        NpyHeader data = ReadEntryHeader(archive, path, DataEntry);
        NpyHeader indices = ReadEntryHeader(archive, path, IndicesEntry);
        NpyHeader indptr = ReadEntryHeader(archive, path, IndptrEntry);
        if (data.DataType is not (NpyDataType.Float32 or NpyDataType.Float64))
        {
            throw NpyFormat.Error(
                Source(path, DataEntry), $"the stored values are {NpyFormat.Name(data.DataType)}; Centroid reads float32 or float64 values. Convert with m.astype(np.float64).");
        }

        CheckIndexArray(path, IndicesEntry, indices);
        CheckIndexArray(path, IndptrEntry, indptr);
        CheckVector(path, DataEntry, data);
        if (indices.ElementCount != data.ElementCount)
        {
            throw NpyFormat.Error(
                path, $"invalid CSR structure: {IndicesEntry} has {indices.ElementCount} entries but {DataEntry} has {data.ElementCount}; they must be the same length.");
        }

        if (indptr.ElementCount != rows + 1)
        {
            throw NpyFormat.Error(
                path, $"invalid CSR structure: {ShapeEntry} says {rows} rows, so {IndptrEntry} needs {rows + 1} entries; it has {indptr.ElementCount}.");
        }

        if (columns is < 1 or > int.MaxValue)
        {
            throw NpyFormat.Error(path, $"the matrix has {columns} columns; Centroid reads between 1 and {int.MaxValue}.");
        }

        return new NpzHeader(rows, columns, data, indices, indptr);
    }

    private static string ReadFormat(ZipArchive archive, string path)
    {
        ZipArchiveEntry entry = GetEntry(archive, path, FormatEntry);
        string source = Source(path, FormatEntry);
        using Stream stream = entry.Open();
        NpyRawHeader raw = NpyFormat.ReadRawHeader(stream, entry.Length, source);

        // save_npz stores the format as a 0-d bytes array ('|S3'); a str array ('<U3') is accepted too.
        string descr = raw.Descr ?? string.Empty;
        bool hasOrder = descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=';
        ReadOnlySpan<char> body = hasOrder ? descr.AsSpan(1) : descr.AsSpan();
        int byteCount = 0;
        bool isBytes = body.Length > 1 && body[0] == 'S';
        bool isText = body.Length > 1 && body[0] == 'U';
        if ((isBytes || isText) && int.TryParse(body[1..], out int characters) && characters is > 0 and <= MaxFormatBytes)
        {
            byteCount = isText ? characters * 4 : characters;
        }

        if (byteCount == 0 || raw.Shape.Any(d => d != 1) || entry.Length - raw.DataOffset != byteCount)
        {
            throw NpyFormat.Error(source, $"expected a single string naming the sparse format, found dtype {raw.DescrRepr} with shape {NpyFormat.FormatShape(raw.Shape)}.");
        }

        byte[] buffer = new byte[byteCount];
        if (NpyFormat.Fill(stream, buffer, source) < byteCount)
        {
            throw NpyFormat.Error(source, $"truncated data: expected {byteCount} bytes of data.");
        }

        Encoding encoding = isBytes ? Encoding.ASCII : new UTF32Encoding(bigEndian: hasOrder && descr[0] == '>', byteOrderMark: false);
        return encoding.GetString(buffer).TrimEnd('\0');
    }

    private static (long Rows, long Columns) ReadShape(ZipArchive archive, string path)
    {
        ZipArchiveEntry entry = GetEntry(archive, path, ShapeEntry);
        string source = Source(path, ShapeEntry);
        using Stream stream = entry.Open();
        NpyHeader header = NpyFormat.ReadHeader(stream, entry.Length, source);
        if (header.DataType is not (NpyDataType.Int32 or NpyDataType.Int64) || header.Shape.Count != 1 || header.Shape[0] != 2)
        {
            throw NpyFormat.Error(source, $"expected two integers (rows, columns), found {NpyFormat.Name(header.DataType)} of shape {NpyFormat.FormatShape(header.Shape)}.");
        }

        long[] shape = NpyFormat.ReadInt64Array(stream, header, source);
        if (shape[0] < 0 || shape[1] < 0)
        {
            throw NpyFormat.Error(source, $"the shape ({shape[0]}, {shape[1]}) has a negative dimension.");
        }

        return (shape[0], shape[1]);
    }

    private static NpyHeader ReadEntryHeader(ZipArchive archive, string path, string name)
    {
        ZipArchiveEntry entry = GetEntry(archive, path, name);
        using Stream stream = entry.Open();
        return NpyFormat.ReadHeader(stream, entry.Length, Source(path, name));
    }

    private static TArray ReadEntry<TArray>(
        ZipArchive archive, string path, string name, NpyHeader expected, Func<Stream, NpyHeader, string, TArray> read)
    {
        ZipArchiveEntry entry = GetEntry(archive, path, name);
        string source = Source(path, name);
        using Stream stream = entry.Open();

        // The layout pass already checked this header; reading it again positions the stream at the data.
        NpyHeader header = NpyFormat.ReadHeader(stream, entry.Length, source);
        if (header.DataOffset != expected.DataOffset || header.ElementCount != expected.ElementCount || header.DataType != expected.DataType)
        {
            throw NpyFormat.Error(source, "the entry changed while it was being read.");
        }

        TArray result = read(stream, header, source);

        // The zip directory's length may not match what actually inflates; extra bytes mean a corrupt entry.
        Span<byte> probe = stackalloc byte[1];
        if (NpyFormat.Fill(stream, probe, source) != 0)
        {
            throw NpyFormat.Error(source, "the entry holds more data than its header describes.");
        }

        return result;
    }

    private static void CheckIndexArray(string path, string name, NpyHeader header)
    {
        if (header.DataType is not (NpyDataType.Int32 or NpyDataType.Int64))
        {
            throw NpyFormat.Error(Source(path, name), $"expected int32 or int64 indices, found {NpyFormat.Name(header.DataType)}.");
        }

        CheckVector(path, name, header);
    }

    private static void CheckVector(string path, string name, NpyHeader header)
    {
        if (header.Shape.Count != 1)
        {
            throw NpyFormat.Error(Source(path, name), $"expected a 1-D array, found shape {NpyFormat.FormatShape(header.Shape)}.");
        }
    }

    private static ZipArchiveEntry GetEntry(ZipArchive archive, string path, string name) =>
        archive.GetEntry(name) ?? throw NpyFormat.Error(
            path,
            $"not a SciPy sparse matrix file: the archive has no '{name}' entry. Save the matrix with scipy.sparse.save_npz (np.savez does not write the format and shape entries).");

    private static string Source(string path, string entry) => $"{path} ({entry})";
}
