using System.IO.Compression;
using System.Text;
using Centroid.IO;

namespace Centroid.Tests.Cli;

/// <summary>
/// Writes a CSR matrix as <c>scipy.sparse.save_npz</c> does: a zip of <c>data.npy</c>, <c>indices.npy</c> and
/// <c>indptr.npy</c>, <c>format.npy</c> (a 0-d <c>&lt;U3</c> array holding "csr") and <c>shape.npy</c> (int64 [rows, cols]).
/// </summary>
internal static class SciPyCsrFile
{
    public static void Write(string path, string scratch, double[] data, int[] indices, int[] indptr, long columns)
    {
        using ZipArchive archive = ZipFile.Open(path, ZipArchiveMode.Create);
        AddArray(archive, scratch, "data.npy", p => NpyWriter.Write<double>(p, data));
        AddArray(archive, scratch, "indices.npy", p => NpyWriter.Write<int>(p, indices));
        AddArray(archive, scratch, "indptr.npy", p => NpyWriter.Write<int>(p, indptr));
        AddEntry(archive, "format.npy", StringScalar("csr"));
        AddArray(archive, scratch, "shape.npy", p => NpyWriter.Write<long>(p, [indptr.Length - 1, columns]));
    }

    private static void AddArray(ZipArchive archive, string scratch, string name, Action<string> write)
    {
        string temporary = Path.Combine(scratch, "entry-" + name);
        write(temporary);
        AddEntry(archive, name, File.ReadAllBytes(temporary));
        File.Delete(temporary);
    }

    private static void AddEntry(ZipArchive archive, string name, byte[] content)
    {
        using Stream stream = archive.CreateEntry(name).Open();
        stream.Write(content);
    }

    /// <summary>A version 1.0 .npy of a 0-d unicode array: UTF-32LE characters, as NumPy stores str.</summary>
    private static byte[] StringScalar(string value)
    {
        string dictionary = $"{{'descr': '<U{value.Length}', 'fortran_order': False, 'shape': (), }}";

        // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64 and ending in a newline.
        int unpadded = 10 + dictionary.Length + 1;
        string header = dictionary + new string(' ', ((unpadded + 63) / 64 * 64) - unpadded) + "\n";
        using var bytes = new MemoryStream();
        bytes.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        bytes.Write(BitConverter.GetBytes((ushort)header.Length));
        bytes.Write(Encoding.ASCII.GetBytes(header));
        bytes.Write(new UTF32Encoding(bigEndian: false, byteOrderMark: false).GetBytes(value));
        return bytes.ToArray();
    }
}
