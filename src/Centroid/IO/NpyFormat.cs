using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Centroid.IO;

/// <summary>The parts of the <c>.npy</c> format shared by <see cref="NpyReader"/>, <see cref="NpyWriter"/> and <see cref="NpzReader"/>.</summary>
/// <remarks>
/// Format reference: <c>numpy/lib/format.py</c>. A file is the magic <c>\x93NUMPY</c>, a major and minor version byte,
/// the header length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), a Python dict literal padded
/// with spaces and ended by a newline, then the raw elements. Every <c>source</c> parameter is the text error
/// messages start with: a path, or a path and a zip entry name.
/// </remarks>
internal static class NpyFormat
{
    /// <summary>Headers are a few hundred bytes; a larger claim means a corrupt or hostile file, not a real array.</summary>
    public const int MaxHeaderLength = 1 << 20;

    /// <summary>Data starts at a multiple of this, as NumPy writes it, so the payload can be memory-mapped aligned.</summary>
    public const int Alignment = 64;

    // Span<byte> lengths are ints, so payloads over 2 GiB are read in pieces.
    private const int MaxChunkBytes = 1 << 30;

    // Elements per block when integer widths are converted while streaming.
    private const int ConversionBlock = 8192;

    /// <summary>The six bytes every <c>.npy</c> file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Creates the exception every format error uses: the source, then the problem.</summary>
    /// <param name="source">The file, or file and entry, being read.</param>
    /// <param name="message">The problem.</param>
    /// <param name="inner">The exception that revealed it, if any.</param>
    /// <returns>The exception to throw.</returns>
    public static InvalidDataException Error(string source, string message, Exception? inner = null) =>
        new($"{source}: {message}", inner);

    /// <summary>Opens a file for one sequential pass; unbuffered, because payload reads go straight into the final array.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open stream.</returns>
    public static FileStream OpenRead(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        BufferSize = 0,
        Options = FileOptions.SequentialScan,
    });

    /// <summary>The size in bytes of one element of <paramref name="type"/>.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>4 or 8.</returns>
    public static int SizeOf(NpyDataType type) => type is NpyDataType.Float32 or NpyDataType.Int32 ? 4 : 8;

    /// <summary>NumPy's name for <paramref name="type"/>.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>For example <c>float64</c>.</returns>
    public static string Name(NpyDataType type) => type switch
    {
        NpyDataType.Float32 => "float32",
        NpyDataType.Float64 => "float64",
        NpyDataType.Int32 => "int32",
        NpyDataType.Int64 => "int64",
        _ => type.ToString(),
    };

    /// <summary>The C# type that reads <paramref name="type"/> without conversion.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>For example <c>double</c>.</returns>
    public static string CSharpName(NpyDataType type) => type switch
    {
        NpyDataType.Float32 => "float",
        NpyDataType.Float64 => "double",
        NpyDataType.Int32 => "int",
        NpyDataType.Int64 => "long",
        _ => type.ToString(),
    };

    /// <summary>The little-endian descr NumPy writes for <paramref name="type"/>.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>For example <c>&lt;f8</c>.</returns>
    public static string LittleEndianDescr(NpyDataType type) => type switch
    {
        NpyDataType.Float32 => "<f4",
        NpyDataType.Float64 => "<f8",
        NpyDataType.Int32 => "<i4",
        _ => "<i8",
    };

    /// <summary>The element type matching <typeparamref name="T"/>, or null when <typeparamref name="T"/> has none.</summary>
    /// <typeparam name="T">A C# element type.</typeparam>
    /// <returns>The matching element type.</returns>
    public static NpyDataType? DataTypeOf<T>()
    {
        if (typeof(T) == typeof(float))
        {
            return NpyDataType.Float32;
        }

        if (typeof(T) == typeof(double))
        {
            return NpyDataType.Float64;
        }

        if (typeof(T) == typeof(int))
        {
            return NpyDataType.Int32;
        }

        if (typeof(T) == typeof(long))
        {
            return NpyDataType.Int64;
        }

        return null;
    }

    /// <summary>A shape in Python tuple notation: <c>()</c>, <c>(5,)</c>, <c>(2, 3)</c>.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The tuple text.</returns>
    public static string FormatShape(ReadOnlySpan<long> shape)
    {
        var builder = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return builder.Append(shape.Length == 1 ? ",)" : ")").ToString();
    }

    /// <summary>A shape in Python tuple notation.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The tuple text.</returns>
    public static string FormatShape(IReadOnlyList<long> shape) => FormatShape([.. shape]);

    /// <summary>Reads and checks the header of a numeric array, leaving <paramref name="stream"/> at the first data byte.</summary>
    /// <param name="stream">The stream, positioned at the magic.</param>
    /// <param name="length">The stream's total length in bytes, to check the shape against before anything is allocated.</param>
    /// <param name="source">The file (and entry) for error messages.</param>
    /// <returns>The header.</returns>
    /// <exception cref="InvalidDataException">The header is malformed, the dtype or order is unsupported, or the data length does not match the shape.</exception>
    public static NpyHeader ReadHeader(Stream stream, long length, string source) =>
        ToHeader(ReadRawHeader(stream, length, source), length, source);

    /// <summary>Reads the magic, version and header dict without judging the dtype.</summary>
    /// <param name="stream">The stream, positioned at the magic.</param>
    /// <param name="length">The stream's total length in bytes.</param>
    /// <param name="source">The file (and entry) for error messages.</param>
    /// <returns>The parsed header.</returns>
    /// <exception cref="InvalidDataException">The stream is not an .npy, or its header is truncated or malformed.</exception>
    public static NpyRawHeader ReadRawHeader(Stream stream, long length, string source)
    {
        Span<byte> preamble = stackalloc byte[12];
        int got = Fill(stream, preamble[..10], source);
        int magicBytes = Math.Min(got, Magic.Length);
        if (got == 0)
        {
            throw Error(source, "the file is empty, not an .npy file.");
        }

        if (!preamble[..magicBytes].SequenceEqual(Magic[..magicBytes]))
        {
            string hint = got >= 2 && preamble[0] == (byte)'P' && preamble[1] == (byte)'K'
                ? " It looks like a zip archive (.npz); read it with NpzReader."
                : string.Empty;
            throw Error(source, $"not an .npy file: it does not start with the NumPy magic bytes \\x93NUMPY.{hint}");
        }

        if (got < 10)
        {
            throw Error(source, $"truncated header: the file ends after {got} bytes, inside the .npy preamble.");
        }

        byte major = preamble[6];
        byte minor = preamble[7];
        int preambleLength;
        long headerLength;
        if (major == 1 && minor == 0)
        {
            preambleLength = 10;
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..10]);
        }
        else if (major is 2 or 3 && minor == 0)
        {
            preambleLength = 12;
            if (Fill(stream, preamble[10..12], source) < 2)
            {
                throw Error(source, "truncated header: the file ends inside the .npy preamble.");
            }

            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..12]);
        }
        else
        {
            throw Error(source, $"unsupported .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are supported.");
        }

        long available = length - preambleLength;
        if (headerLength > available)
        {
            throw Error(source, $"truncated header: the header claims {headerLength} bytes but only {available} follow the preamble.");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw Error(source, $"the header claims {headerLength} bytes, far more than any .npy header needs; the file is corrupt.");
        }

        byte[] headerBytes = new byte[headerLength];
        if (Fill(stream, headerBytes, source) < headerBytes.Length)
        {
            throw Error(source, "truncated header: the stream ended inside the header.");
        }

        // Versions 1.0 and 2.0 are latin-1; 3.0 exists only to allow UTF-8 (field names in structured dtypes).
        string text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        return ParseDict(text, preambleLength + headerLength, source);
    }

    /// <summary>Checks a parsed header's dtype, order and size and turns it into an <see cref="NpyHeader"/>.</summary>
    /// <param name="raw">The parsed header.</param>
    /// <param name="length">The stream's total length in bytes.</param>
    /// <param name="source">The file (and entry) for error messages.</param>
    /// <returns>The checked header.</returns>
    /// <exception cref="InvalidDataException">The dtype or order is unsupported, or the data length does not match the shape.</exception>
    public static NpyHeader ToHeader(NpyRawHeader raw, long length, string source)
    {
        if (raw.Descr is null)
        {
            throw Error(source, $"structured dtypes are not supported (descr {raw.DescrRepr}); save a plain float32, float64, int32 or int64 array.");
        }

        string descr = raw.Descr;
        bool hasOrder = descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=';
        char order = hasOrder ? descr[0] : '=';
        ReadOnlySpan<char> body = hasOrder ? descr.AsSpan(1) : descr.AsSpan();

        // '|' (byte order not applicable) and '=' (the writer's native order) are taken as little-endian:
        // NumPy itself always writes an explicit '<' or '>' for multi-byte types.
        NpyDataType? type = body switch
        {
            "f4" => NpyDataType.Float32,
            "f8" => NpyDataType.Float64,
            "i4" => NpyDataType.Int32,
            "i8" => NpyDataType.Int64,
            _ => null,
        };
        if (type is null)
        {
            if (body.Length > 0 && body[0] == 'O')
            {
                throw Error(source, $"object arrays (dtype '{descr}') are not supported; save a numeric float32, float64, int32 or int64 array.");
            }

            throw Error(source, $"unsupported dtype '{descr}'; Centroid reads float32 ('<f4'), float64 ('<f8'), int32 ('<i4') and int64 ('<i8').");
        }

        // With at most one dimension above 1, C and Fortran order lay the bytes out identically.
        int nonUnitDimensions = raw.Shape.Count(d => d > 1);
        if (raw.FortranOrder && nonUnitDimensions > 1)
        {
            throw Error(source, "Fortran-ordered arrays are not supported; save with np.ascontiguousarray.");
        }

        long count;
        long dataBytes;
        try
        {
            count = 1;
            foreach (long dimension in raw.Shape)
            {
                count = checked(count * dimension);
            }

            dataBytes = checked(count * SizeOf(type.Value));
        }
        catch (OverflowException)
        {
            throw Error(source, $"the header's shape {FormatShape(raw.Shape)} is absurd: its size overflows 64 bits.");
        }

        long available = length - raw.DataOffset;
        if (dataBytes > available)
        {
            throw Error(source, $"truncated data: expected {dataBytes} bytes of data for {Name(type.Value)} shape {FormatShape(raw.Shape)}, file has {available}.");
        }

        if (dataBytes < available)
        {
            throw Error(source, $"{available - dataBytes} unexpected bytes after the data: the shape {FormatShape(raw.Shape)} of {Name(type.Value)} accounts for {dataBytes} of the {available} data bytes.");
        }

        return new NpyHeader(type.Value, descr, order == '>', raw.Shape, count, raw.DataOffset);
    }

    /// <summary>Reads the payload into a new array of <typeparamref name="T"/>, whose size must match the header's dtype.</summary>
    /// <typeparam name="T">The element type; the caller has matched it to <see cref="NpyHeader.DataType"/>.</typeparam>
    /// <param name="stream">The stream, positioned at the first data byte.</param>
    /// <param name="header">The header read from it.</param>
    /// <param name="source">The file (and entry) for error messages.</param>
    /// <returns>The elements, in native byte order.</returns>
    public static T[] ReadArray<T>(Stream stream, NpyHeader header, string source)
        where T : unmanaged
    {
        Debug.Assert(Unsafe.SizeOf<T>() == header.ElementSize, "The caller matches T to the dtype.");
        T[] array = Allocate<T>(header, source);
        bool swap = header.IsBigEndian == BitConverter.IsLittleEndian;
        long expected = header.ElementCount * header.ElementSize;
        long done = 0;
        int chunk = MaxChunkBytes / Unsafe.SizeOf<T>();
        for (int start = 0; start < array.Length; start += chunk)
        {
            Span<T> part = array.AsSpan(start, Math.Min(chunk, array.Length - start));
            Span<byte> bytes = MemoryMarshal.AsBytes(part);
            int read = Fill(stream, bytes, source);
            done += read;
            if (read < bytes.Length)
            {
                throw TruncatedData(source, expected, done);
            }

            if (swap)
            {
                ReverseEndianness(part);
            }
        }

        return array;
    }

    /// <summary>Reads an int32 or int64 payload as <see cref="int"/>, narrowing int64 block by block.</summary>
    /// <param name="stream">The stream, positioned at the first data byte.</param>
    /// <param name="header">The header read from it; its dtype is int32 or int64.</param>
    /// <param name="source">The file (and entry) for error messages.</param>
    /// <returns>The values.</returns>
    /// <exception cref="InvalidDataException">A value does not fit in 32 bits, or the data is truncated.</exception>
    public static int[] ReadInt32Array(Stream stream, NpyHeader header, string source)
    {
        Debug.Assert(header.DataType is NpyDataType.Int32 or NpyDataType.Int64, "The caller checks for an integer dtype.");
        return header.DataType == NpyDataType.Int32
            ? ReadArray<int>(stream, header, source)
            : ReadConverted<long, int>(stream, header, source);
    }

    /// <summary>Reads an int32 or int64 payload as <see cref="long"/>, widening int32 block by block.</summary>
    /// <param name="stream">The stream, positioned at the first data byte.</param>
    /// <param name="header">The header read from it; its dtype is int32 or int64.</param>
    /// <param name="source">The file (and entry) for error messages.</param>
    /// <returns>The values.</returns>
    /// <exception cref="InvalidDataException">The data is truncated.</exception>
    public static long[] ReadInt64Array(Stream stream, NpyHeader header, string source)
    {
        Debug.Assert(header.DataType is NpyDataType.Int32 or NpyDataType.Int64, "The caller checks for an integer dtype.");
        return header.DataType == NpyDataType.Int64
            ? ReadArray<long>(stream, header, source)
            : ReadConverted<int, long>(stream, header, source);
    }

    /// <summary>
    /// Reads a payload of <typeparamref name="TStored"/> integers as <typeparamref name="TResult"/>, a block at a time
    /// through a pooled buffer (never the whole payload twice in memory).
    /// </summary>
    /// <exception cref="InvalidDataException">A value does not fit in <typeparamref name="TResult"/>, or the data is truncated.</exception>
    private static TResult[] ReadConverted<TStored, TResult>(Stream stream, NpyHeader header, string source)
        where TStored : unmanaged, IBinaryInteger<TStored>
        where TResult : unmanaged, IBinaryInteger<TResult>
    {
        TResult[] result = Allocate<TResult>(header, source);
        TStored[] block = ArrayPool<TStored>.Shared.Rent(ConversionBlock);
        try
        {
            bool swap = header.IsBigEndian == BitConverter.IsLittleEndian;
            int size = Unsafe.SizeOf<TStored>();
            long expected = header.ElementCount * size;
            long done = 0;
            for (int start = 0; start < result.Length; start += ConversionBlock)
            {
                Span<TStored> part = block.AsSpan(0, Math.Min(ConversionBlock, result.Length - start));
                int read = Fill(stream, MemoryMarshal.AsBytes(part), source);
                done += read;
                if (read < part.Length * size)
                {
                    throw TruncatedData(source, expected, done);
                }

                if (swap)
                {
                    ReverseEndianness(part);
                }

                Span<TResult> target = result.AsSpan(start, part.Length);
                for (int i = 0; i < part.Length; i++)
                {
                    TStored value = part[i];
                    TResult converted = TResult.CreateTruncating(value);
                    if (TStored.CreateTruncating(converted) != value)
                    {
                        throw Error(source, $"the {Name(header.DataType)} value {value} at position {start + i} does not fit in a {8 * Unsafe.SizeOf<TResult>()}-bit int.");
                    }

                    target[i] = converted;
                }
            }
        }
        finally
        {
            ArrayPool<TStored>.Shared.Return(block);
        }

        return result;
    }

    /// <summary>Builds the preamble and padded header for a C-ordered array, in version 1.0 unless the header is too long for it.</summary>
    /// <param name="descr">The dtype string.</param>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The bytes that precede the data; their length is a multiple of <see cref="Alignment"/>.</returns>
    public static byte[] BuildHeader(string descr, ReadOnlySpan<long> shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        int preambleLength = 10;
        int total = AlignUp(preambleLength + dict.Length + 1);
        if (total - preambleLength > ushort.MaxValue)
        {
            preambleLength = 12;
            total = AlignUp(preambleLength + dict.Length + 1);
        }

        byte[] bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = preambleLength == 10 ? (byte)1 : (byte)2;
        bytes[7] = 0;
        int headerLength = total - preambleLength;
        if (preambleLength == 10)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        }

        int written = Encoding.Latin1.GetBytes(dict, bytes.AsSpan(preambleLength));
        bytes.AsSpan(preambleLength + written, total - preambleLength - written - 1).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="buffer">The destination.</param>
    /// <param name="source">The file (and entry) for error messages.</param>
    /// <returns>The number of bytes read; less than the buffer's length only at the end of the stream.</returns>
    /// <exception cref="InvalidDataException">The stream is a zip entry whose compressed data is corrupt.</exception>
    public static int Fill(Stream stream, Span<byte> buffer, string source)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int read = stream.Read(buffer[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException ex)
        {
            throw Error(source, $"the compressed data is corrupt: {ex.Message}", ex);
        }

        return total;
    }

    /// <summary>Reverses the bytes of each 4- or 8-byte element in place.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="span">The elements.</param>
    public static void ReverseEndianness<T>(Span<T> span)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() == sizeof(int))
        {
            Span<int> values = MemoryMarshal.Cast<T, int>(span);
            BinaryPrimitives.ReverseEndianness(values, values);
        }
        else
        {
            Debug.Assert(Unsafe.SizeOf<T>() == sizeof(long), "Only 4- and 8-byte elements are supported.");
            Span<long> values = MemoryMarshal.Cast<T, long>(span);
            BinaryPrimitives.ReverseEndianness(values, values);
        }
    }

    private static NpyRawHeader ParseDict(string text, long dataOffset, string source)
    {
        string shown = text.TrimEnd();
        if (shown.Length > 200)
        {
            shown = string.Concat(shown.AsSpan(0, 200), "...");
        }

        object? parsed;
        try
        {
            parsed = PythonLiteralParser.Parse(text);
        }
        catch (FormatException ex)
        {
            throw Error(source, $"malformed header ({ex.Message}): {shown}", ex);
        }

        if (parsed is not Dictionary<string, object?> dict)
        {
            throw Error(source, $"malformed header: expected a dict, got {shown}");
        }

        if (!dict.TryGetValue("descr", out object? descr))
        {
            throw Error(source, $"malformed header: no 'descr' key in {shown}");
        }

        if (!dict.TryGetValue("fortran_order", out object? fortran) || fortran is not bool fortranOrder)
        {
            throw Error(source, $"malformed header: 'fortran_order' is missing or not True/False in {shown}");
        }

        if (!dict.TryGetValue("shape", out object? shapeValue) || shapeValue is not (object?[] or List<object?>))
        {
            throw Error(source, $"malformed header: 'shape' is missing or not a tuple in {shown}");
        }

        IList<object?> items = shapeValue as IList<object?> ?? [];
        long[] shape = new long[items.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            if (items[i] is not long dimension || dimension < 0)
            {
                throw Error(source, $"malformed header: shape dimension {PythonLiteralParser.Repr(items[i])} is not a non-negative integer in {shown}");
            }

            shape[i] = dimension;
        }

        return new NpyRawHeader(descr as string, PythonLiteralParser.Repr(descr), fortranOrder, shape, dataOffset);
    }

    private static T[] Allocate<T>(NpyHeader header, string source)
        where T : unmanaged
    {
        if (header.ElementCount > Array.MaxLength)
        {
            throw Error(source, $"the array has {header.ElementCount} elements; a .NET array holds at most {Array.MaxLength}.");
        }

        // Every element is overwritten by the read, so zeroing first would be wasted work.
        return GC.AllocateUninitializedArray<T>((int)header.ElementCount);
    }

    private static InvalidDataException TruncatedData(string source, long expected, long actual) =>
        Error(source, $"truncated data: expected {expected} bytes of data, file has {actual}.");

    private static int AlignUp(int length) => (length + Alignment - 1) / Alignment * Alignment;
}
