using System.Globalization;
using System.Text;

namespace Centroid.Cli.Profiling;

/// <summary>
/// The header of a NumPy <c>.npy</c> file, format version 1.0, as <c>np.save</c> writes it: the magic string, the
/// version, the header length and a Python dict literal padded with spaces so that the data starts at a multiple of 64
/// bytes. The library's writer takes a whole array; the profile streams its data in chunks behind this header.
/// </summary>
internal static class NpyHeaderBuilder
{
    private const int Alignment = 64;

    // Magic (6 bytes), version (2), header length (2).
    private const int PreambleLength = 10;

    /// <summary>The header bytes for an array of <paramref name="descr"/> elements with the given shape, in C order.</summary>
    /// <param name="descr">The dtype as NumPy spells it: <c>&lt;f8</c>, <c>&lt;f4</c>, <c>&lt;i4</c>, <c>&lt;i8</c>, <c>|S3</c>.</param>
    /// <param name="shape">The dimensions, outermost first; empty for a 0-d (scalar) array.</param>
    /// <exception cref="ArgumentException">The header would not fit in a version 1.0 file.</exception>
    public static byte[] Build(string descr, params ReadOnlySpan<long> shape)
    {
        string dictionary = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {ShapeLiteral(shape)}, }}";

        // NumPy ends the header with a newline and pads before it.
        int unpadded = PreambleLength + dictionary.Length + 1;
        int padded = (unpadded + Alignment - 1) / Alignment * Alignment;
        int headerLength = padded - PreambleLength;
        if (headerLength > ushort.MaxValue)
        {
            throw new ArgumentException($"A .npy 1.0 header holds at most {ushort.MaxValue} bytes; this one needs {headerLength}.", nameof(shape));
        }

        byte[] bytes = new byte[padded];
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];
        magic.CopyTo(bytes);
        bytes[8] = (byte)headerLength;
        bytes[9] = (byte)(headerLength >> 8);
        int written = Encoding.ASCII.GetBytes(dictionary, bytes.AsSpan(PreambleLength));
        bytes.AsSpan(PreambleLength + written, padded - PreambleLength - written - 1).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>A Python tuple literal: <c>()</c>, <c>(5,)</c>, <c>(200000, 20)</c>.</summary>
    private static string ShapeLiteral(ReadOnlySpan<long> shape)
    {
        if (shape.Length == 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)");
        }

        var text = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(')').ToString();
    }
}
