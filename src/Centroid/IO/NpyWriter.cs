using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Centroid.IO;

/// <summary>
/// Writes NumPy <c>.npy</c> files that <c>np.load</c> reads: format version 1.0 (2.0 only when the header would
/// not fit), C order, little-endian dtype, the data starting at a multiple of 64 bytes.
/// </summary>
/// <remarks>
/// The file is written to a temporary file in the destination's directory and then moved over the destination,
/// so a failure part-way never leaves a half-written file behind, and readers see either the old file or the new one.
/// </remarks>
public static class NpyWriter
{
    // Elements per write, so that a span of more than 2 GiB never has to be viewed as bytes at once.
    private const int MaxChunkBytes = 1 << 30;

    /// <summary>Writes <paramref name="data"/> as an array of the given shape.</summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="int"/> or <see cref="long"/>.</typeparam>
    /// <param name="path">The destination; replaced if it exists.</param>
    /// <param name="data">The elements in C (row-major) order.</param>
    /// <param name="shape">The dimensions, outermost first; their product must equal the length of <paramref name="data"/>. When empty, a 1-D array is written.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double, int or long.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">The shape does not describe <paramref name="data"/>'s length, or <paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file could not be written; the destination is unchanged.</exception>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string descr = Descr<T>();
        long[] dimensions = shape.IsEmpty ? [data.Length] : shape.ToArray();
        long count = 1;
        foreach (long dimension in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = checked(count * dimension);
        }

        if (count != data.Length)
        {
            throw new ArgumentException(
                $"The shape {NpyFormat.FormatShape(dimensions)} holds {count} elements but the data has {data.Length}.", nameof(shape));
        }

        byte[] header = NpyFormat.BuildHeader(descr, dimensions);
        string destination = Path.GetFullPath(path);
        FileStream stream = CreateTemporary(destination, out string temporary);
        try
        {
            using (stream)
            {
                stream.Write(header);
                WriteElements(stream, data);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, destination, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Writes a matrix as a 2-D array of shape (rows, columns), whatever its stride.</summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="int"/> or <see cref="long"/>.</typeparam>
    /// <param name="path">The destination; replaced if it exists.</param>
    /// <param name="matrix">The matrix.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not float, double, int or long.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file could not be written; the destination is unchanged.</exception>
    public static void Write<T>(string path, DenseMatrix<T> matrix)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (matrix.TryGetContiguous(out ReadOnlySpan<T> all))
        {
            Write(path, all, matrix.Rows, matrix.Columns);
            return;
        }

        byte[] header = NpyFormat.BuildHeader(Descr<T>(), [matrix.Rows, matrix.Columns]);
        string destination = Path.GetFullPath(path);
        FileStream stream = CreateTemporary(destination, out string temporary);
        try
        {
            using (stream)
            {
                stream.Write(header);
                for (int row = 0; row < matrix.Rows; row++)
                {
                    WriteElements(stream, matrix.Row(row));
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, destination, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    private static string Descr<T>()
        where T : unmanaged
    {
        NpyDataType type = NpyFormat.DataTypeOf<T>()
            ?? throw new NotSupportedException($"NpyWriter writes float, double, int or long, not {typeof(T).Name}.");

        // The bytes are written as they are in memory, so the descr names this machine's byte order.
        string descr = NpyFormat.LittleEndianDescr(type);
        return BitConverter.IsLittleEndian ? descr : string.Concat(">", descr.AsSpan(1));
    }

    private static FileStream CreateTemporary(string destination, out string temporary)
    {
        // Same directory as the destination, so the final move is a rename on one file system.
        string directory = Path.GetDirectoryName(destination) ?? throw new ArgumentException($"'{destination}' has no directory.", nameof(destination));
        temporary = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Path.GetRandomFileName()}.tmp");
        return new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
        });
    }

    private static void DeleteQuietly(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The original failure matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void WriteElements<T>(FileStream stream, ReadOnlySpan<T> data)
        where T : unmanaged
    {
        int chunk = MaxChunkBytes / Unsafe.SizeOf<T>();
        for (int start = 0; start < data.Length; start += chunk)
        {
            stream.Write(MemoryMarshal.AsBytes(data.Slice(start, Math.Min(chunk, data.Length - start))));
        }
    }
}
