using System.IO.Compression;
using System.Text;

namespace Centroid.Tests.IO;

/// <summary>Hand-built SciPy-style .npz archives, for files save_npz would never write.</summary>
internal static class NpzBuilder
{
    public static (string Name, byte[] Content) Format(string format) =>
        ("format.npy", NpyBytes.Array($"|S{format.Length}", "()", Encoding.ASCII.GetBytes(format)));

    public static (string Name, byte[] Content) Shape(long rows, long columns) =>
        ("shape.npy", NpyBytes.Array("<i8", "(2,)", NpyBytes.Payload(rows, columns)));

    public static (string Name, byte[] Content) Vector<T>(string name, string descr, params T[] values)
        where T : unmanaged => (name, NpyBytes.Array(descr, $"({values.Length},)", NpyBytes.Payload(values)));

    /// <summary>The five entries save_npz writes for a float64 CSR matrix with int32 indices.</summary>
    public static List<(string Name, byte[] Content)> Csr(double[] data, int[] indices, int[] indptr, long columns) =>
    [
        Vector("indices.npy", "<i4", indices),
        Vector("indptr.npy", "<i4", indptr),
        Format("csr"),
        Shape(indptr.Length - 1, columns),
        Vector("data.npy", "<f8", data),
    ];

    public static void Write(string path, IEnumerable<(string Name, byte[] Content)> entries, CompressionLevel level = CompressionLevel.Optimal)
    {
        using ZipArchive archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach ((string name, byte[] content) in entries)
        {
            ZipArchiveEntry entry = archive.CreateEntry(name, level);
            using Stream stream = entry.Open();
            stream.Write(content);
        }
    }

    public static List<(string Name, byte[] Content)> Replace(
        List<(string Name, byte[] Content)> entries, (string Name, byte[] Content) replacement) =>
        [.. entries.Select(e => e.Name == replacement.Name ? replacement : e)];

    public static List<(string Name, byte[] Content)> Without(List<(string Name, byte[] Content)> entries, string name) =>
        [.. entries.Where(e => e.Name != name)];
}
