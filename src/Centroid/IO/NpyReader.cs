namespace Centroid.IO;

/// <summary>
/// Reads NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0) straight into the arrays Centroid fits on,
/// with no intermediate buffer: the payload is read from the file into the final array's bytes.
/// </summary>
/// <remarks>
/// <para>Supported dtypes are float32, float64, int32 and int64, in either byte order: big-endian files
/// (<c>&gt;f8</c> and so on) are byte-swapped in place after reading. <c>|</c> and <c>=</c> byte-order marks are
/// taken as little-endian.</para>
/// <para>Floating-point data is never converted: a float64 file must be read as <see cref="double"/> and a float32
/// file as <see cref="float"/>. Use <see cref="ReadHeader(string)"/> to choose.</para>
/// <para>Every format problem is reported as an <see cref="InvalidDataException"/> whose message starts with the path.</para>
/// </remarks>
public static class NpyReader
{
    /// <summary>Reads and checks the header of an <c>.npy</c> file without reading its data.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The dtype, byte order and shape.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not an <c>.npy</c>, its header is truncated or malformed, its dtype is unsupported, it is
    /// Fortran-ordered, or its length does not match the shape.
    /// </exception>
    public static NpyHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = NpyFormat.OpenRead(path);
        return NpyFormat.ReadHeader(stream, stream.Length, path);
    }

    /// <summary>Reads a 2-D, C-ordered float32 or float64 array as a rows × columns matrix.</summary>
    /// <typeparam name="T"><see cref="float"/> for a float32 file, <see cref="double"/> for a float64 file.</typeparam>
    /// <param name="path">The file.</param>
    /// <returns>A matrix over a newly allocated array holding the file's data.</returns>
    /// <remarks>
    /// A 1-D array is rejected rather than guessed at (it could be one sample or one feature), as scikit-learn
    /// rejects 1-D input; save it with <c>x.reshape(-1, 1)</c> for a single feature.
    /// </remarks>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid <c>.npy</c>, the array is not 2-D, has no columns, or its dtype is not exactly <typeparamref name="T"/>'s.
    /// </exception>
    public static DenseMatrix<T> ReadMatrix<T>(string path)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = NpyFormat.OpenRead(path);
        NpyHeader header = ReadMatrixHeader<T>(stream, path, nameof(ReadMatrix));
        T[] data = NpyFormat.ReadArray<T>(stream, header, path);
        return new DenseMatrix<T>(data, (int)header.Shape[0], (int)header.Shape[1]);
    }

    /// <summary>
    /// Reads a 2-D float32 or float64 array <paramref name="rowsPerChunk"/> rows at a time into one buffer, for data
    /// larger than memory: feed each chunk to <see cref="MiniBatchKMeans{T}.PartialFit(DenseMatrix{T}, ReadOnlyMemory{T}, CancellationToken)"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> for a float32 file, <see cref="double"/> for a float64 file.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="rowsPerChunk">Rows per chunk; the last chunk holds the rest.</param>
    /// <returns>
    /// The chunks in file order. Every chunk is a view of the same buffer (rowsPerChunk × columns elements), valid until
    /// the next one is read: copy a chunk to keep it. Each enumeration reads the file again.
    /// </returns>
    /// <remarks>The file is checked as <see cref="ReadMatrix{T}(string)"/> checks it when this is called, not when enumeration starts.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowsPerChunk"/> is not positive.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">As for <see cref="ReadMatrix{T}(string)"/>; while reading, the file no longer holds its data.</exception>
    public static IEnumerable<DenseMatrix<T>> ReadRowChunks<T>(string path, int rowsPerChunk)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerChunk);
        using (FileStream stream = NpyFormat.OpenRead(path))
        {
            ReadMatrixHeader<T>(stream, path, nameof(ReadRowChunks));
        }

        return Chunks<T>(path, rowsPerChunk);
    }

    private static IEnumerable<DenseMatrix<T>> Chunks<T>(string path, int rowsPerChunk)
        where T : unmanaged
    {
        using FileStream stream = NpyFormat.OpenRead(path);
        NpyHeader header = ReadMatrixHeader<T>(stream, path, nameof(ReadRowChunks));
        int rows = (int)header.Shape[0];
        int columns = (int)header.Shape[1];
        bool swap = header.IsBigEndian == BitConverter.IsLittleEndian;
        var buffer = new T[checked((long)Math.Min(rowsPerChunk, Math.Max(rows, 1)) * columns)];
        for (int start = 0; start < rows; start += rowsPerChunk)
        {
            int count = Math.Min(rowsPerChunk, rows - start);
            if (!ReadInto(stream, buffer.AsSpan(0, count * columns), swap, path))
            {
                throw NpyFormat.Error(path, $"the data ended before row {start + count} of {rows}; the file changed while it was read.");
            }

            yield return new DenseMatrix<T>(buffer.AsMemory(0, count * columns), count, columns);
        }
    }

    /// <summary>Fills <paramref name="values"/> from the stream in the machine's byte order; false if the stream ended first.</summary>
    private static bool ReadInto<T>(FileStream stream, Span<T> values, bool swap, string path)
        where T : unmanaged
    {
        Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values);
        if (NpyFormat.Fill(stream, bytes, path) < bytes.Length)
        {
            return false;
        }

        if (swap)
        {
            NpyFormat.ReverseEndianness(values);
        }

        return true;
    }

    /// <summary>Reads the header of a file that must hold a 2-D, C-ordered matrix of exactly <typeparamref name="T"/>.</summary>
    private static NpyHeader ReadMatrixHeader<T>(FileStream stream, string path, string caller)
        where T : unmanaged
    {
        NpyDataType wanted = NpyFormat.DataTypeOf<T>() is NpyDataType type and (NpyDataType.Float32 or NpyDataType.Float64)
            ? type
            : throw new NotSupportedException($"NpyReader.{caller} reads float or double matrices, not {typeof(T).Name}.");

        NpyHeader header = NpyFormat.ReadHeader(stream, stream.Length, path);
        if (header.DataType != wanted)
        {
            throw DataTypeMismatch(path, header, wanted, header.DataType is NpyDataType.Float32 or NpyDataType.Float64);
        }

        if (header.Shape.Count != 2)
        {
            string hint = header.Shape.Count == 1 ? " If it is a single feature, save it with x.reshape(-1, 1)." : string.Empty;
            throw NpyFormat.Error(
                path, $"expected a 2-D array (samples × features), but the file holds a {header.Shape.Count}-D array of shape {NpyFormat.FormatShape(header.Shape)}.{hint}");
        }

        if (header.Shape[1] == 0)
        {
            throw NpyFormat.Error(path, $"the array of shape {NpyFormat.FormatShape(header.Shape)} has no columns.");
        }

        if (header.Shape[0] > int.MaxValue || header.Shape[1] > int.MaxValue)
        {
            throw NpyFormat.Error(path, $"the shape {NpyFormat.FormatShape(header.Shape)} has a dimension above {int.MaxValue}.");
        }

        return header;
    }

    /// <summary>Reads a 1-D array, such as labels or sample weights.</summary>
    /// <typeparam name="T">
    /// <see cref="float"/> or <see cref="double"/> for a float32 or float64 file respectively (never converted);
    /// <see cref="int"/> for an int32 file, or an int64 file whose values all fit (narrowed while reading);
    /// <see cref="long"/> for an int64 or int32 file.
    /// </typeparam>
    /// <param name="path">The file.</param>
    /// <returns>A newly allocated array holding the file's data.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double, int or long.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid <c>.npy</c>, the array is not 1-D, its dtype cannot be read as <typeparamref name="T"/>,
    /// or an int64 value does not fit in an int.
    /// </exception>
    public static T[] ReadVector<T>(string path)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NpyDataType wanted = NpyFormat.DataTypeOf<T>()
            ?? throw new NotSupportedException($"NpyReader.ReadVector reads float, double, int or long, not {typeof(T).Name}.");

        using FileStream stream = NpyFormat.OpenRead(path);
        NpyHeader header = NpyFormat.ReadHeader(stream, stream.Length, path);
        if (header.Shape.Count != 1)
        {
            throw NpyFormat.Error(
                path, $"expected a 1-D array, but the file holds a {header.Shape.Count}-D array of shape {NpyFormat.FormatShape(header.Shape)}.");
        }

        bool integers = wanted is NpyDataType.Int32 or NpyDataType.Int64;
        bool fileIntegers = header.DataType is NpyDataType.Int32 or NpyDataType.Int64;
        if (integers && fileIntegers)
        {
            // int and long are the same type as T here; the casts are free.
            return wanted == NpyDataType.Int32
                ? (T[])(object)NpyFormat.ReadInt32Array(stream, header, path)
                : (T[])(object)NpyFormat.ReadInt64Array(stream, header, path);
        }

        if (header.DataType != wanted)
        {
            throw DataTypeMismatch(path, header, wanted, fileTypeReadable: true);
        }

        return NpyFormat.ReadArray<T>(stream, header, path);
    }

    private static InvalidDataException DataTypeMismatch(string path, NpyHeader header, NpyDataType wanted, bool fileTypeReadable)
    {
        string readAs = fileTypeReadable ? $"read it as {NpyFormat.CSharpName(header.DataType)}, or " : string.Empty;
        return NpyFormat.Error(
            path,
            $"the file holds {NpyFormat.Name(header.DataType)} data (descr '{header.Descr}'), which cannot be read as {NpyFormat.CSharpName(wanted)}; " +
            $"{readAs}convert it in NumPy with x.astype(np.{NpyFormat.Name(wanted)}). Centroid never converts silently.");
    }
}
