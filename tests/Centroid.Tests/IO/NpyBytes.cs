using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Centroid.Tests.IO;

/// <summary>Hand-built .npy content, for files np.save would never write.</summary>
internal static class NpyBytes
{
    public static string Dict(string descr, string shape, bool fortranOrder = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shape}, }}";

    /// <summary>The magic, version, length and header padded to 64 bytes as NumPy does, then the payload.</summary>
    public static byte[] Build(string header, byte[] payload, byte major = 1)
    {
        int preamble = major == 1 ? 10 : 12;
        int unpadded = preamble + Encoding.UTF8.GetByteCount(header) + 1;
        int total = (unpadded + 63) / 64 * 64;
        string padded = header + new string(' ', total - unpadded) + "\n";
        byte[] headerBytes = Encoding.UTF8.GetBytes(padded);

        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        byte[] length = new byte[preamble - 8];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
        }

        bytes.AddRange(length);
        bytes.AddRange(headerBytes);
        bytes.AddRange(payload);
        return [.. bytes];
    }

    public static byte[] Array(string descr, string shape, byte[] payload, bool fortranOrder = false, byte major = 1) =>
        Build(Dict(descr, shape, fortranOrder), payload, major);

    public static byte[] Payload<T>(params T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>The values' bytes with each element reversed, as a big-endian machine stores them.</summary>
    public static byte[] BigEndianPayload<T>(params T[] values)
        where T : unmanaged
    {
        byte[] bytes = Payload(values);
        int size = bytes.Length / values.Length;
        for (int i = 0; i < bytes.Length; i += size)
        {
            System.Array.Reverse(bytes, i, size);
        }

        return bytes;
    }
}
