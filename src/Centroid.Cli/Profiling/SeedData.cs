using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Centroid.Cli.Input;

namespace Centroid.Cli.Profiling;

/// <summary>
/// Writes the seed experiment's data: rows × columns uniform in [0, 1), from <c>new System.Random(seed).NextDouble()</c>
/// in row-major order (as <c>centroid demo</c>), as float64 and float32 <c>.npy</c> and as float64 and float32 SciPy CSR
/// <c>.npz</c>; and the same four files of its first 200 rows for the baseline runs.
/// </summary>
/// <remarks>
/// float32 values are the float64 values rounded to nearest, as NumPy's <c>astype(np.float32)</c>. Uniform [0, 1) data
/// has no zeros, so the CSR files store every entry: their data are the dense values plus an int32 column index per
/// value and n + 1 row pointers. Everything is generated and written <see cref="ChunkRows"/> rows at a time, so the
/// profile itself stays small while its children are measured.
/// </remarks>
internal static class SeedData
{
    /// <summary>The rows of the baseline files: the issue compares every fit with the same command on 200 rows.</summary>
    public const int BaselineRows = 200;

    private const int ChunkRows = 4096;

    /// <summary>Writes the eight files into <paramref name="directory"/>.</summary>
    /// <returns>float64 dense, float32 dense, float64 CSR, float32 CSR.</returns>
    public static IReadOnlyList<ProfileInput> Write(string directory, int rows, int columns, int seed, int baselineRows)
    {
        Directory.CreateDirectory(directory);
        return
        [
            WriteDense<double>(directory, rows, columns, seed, baselineRows),
            WriteDense<float>(directory, rows, columns, seed, baselineRows),
            WriteCsr<double>(directory, rows, columns, seed, baselineRows),
            WriteCsr<float>(directory, rows, columns, seed, baselineRows),
        ];
    }

    private static ProfileInput WriteDense<T>(string directory, int rows, int columns, int seed, int baselineRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string dataType = DataTypeNames.Of<T>();
        string path = System.IO.Path.Combine(directory, $"{dataType}-dense.npy");
        string baseline = System.IO.Path.Combine(directory, $"{dataType}-dense-{baselineRows}rows.npy");
        WriteNpy<T>(path, rows, columns, seed);
        WriteNpy<T>(baseline, baselineRows, columns, seed);
        long bytes = (long)rows * columns * Unsafe.SizeOf<T>();
        return new ProfileInput(dataType, "dense", path, baseline, rows, baselineRows, columns, bytes);
    }

    private static ProfileInput WriteCsr<T>(string directory, int rows, int columns, int seed, int baselineRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string dataType = DataTypeNames.Of<T>();
        string path = System.IO.Path.Combine(directory, $"{dataType}-csr.npz");
        string baseline = System.IO.Path.Combine(directory, $"{dataType}-csr-{baselineRows}rows.npz");
        WriteNpz<T>(path, rows, columns, seed);
        WriteNpz<T>(baseline, baselineRows, columns, seed);
        long stored = (long)rows * columns;
        long bytes = (stored * Unsafe.SizeOf<T>()) + (stored * sizeof(int)) + ((rows + 1L) * sizeof(int));
        return new ProfileInput(dataType, "csr", path, baseline, rows, baselineRows, columns, bytes);
    }

    private static void WriteNpy<T>(string path, int rows, int columns, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            stream.Write(NpyHeaderBuilder.Build(NpyDescr.Of<T>(), rows, columns));
            WriteValues<T>(stream, rows, columns, seed);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>As <c>scipy.sparse.save_npz(path, csr_matrix(x), compressed=False)</c>, in SciPy's entry order.</summary>
    private static void WriteNpz<T>(string path, int rows, int columns, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long stored = (long)rows * columns;
        using var npz = new NpzWriter(path);
        using (Stream indices = npz.BeginArray("indices", NpyDescr.Of<int>(), stored))
        {
            int[] chunk = new int[ChunkRows * columns];
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = i % columns;
            }

            for (int start = 0; start < rows; start += ChunkRows)
            {
                int count = Math.Min(ChunkRows, rows - start);
                indices.Write(MemoryMarshal.AsBytes(chunk.AsSpan(0, count * columns)));
            }
        }

        using (Stream indptr = npz.BeginArray("indptr", NpyDescr.Of<int>(), rows + 1L))
        {
            int[] chunk = new int[ChunkRows];
            for (int start = 0; start <= rows; start += ChunkRows)
            {
                int count = Math.Min(ChunkRows, rows + 1 - start);
                for (int i = 0; i < count; i++)
                {
                    chunk[i] = (start + i) * columns;
                }

                indptr.Write(MemoryMarshal.AsBytes(chunk.AsSpan(0, count)));
            }
        }

        npz.WriteCsrFormatAndShape(rows, columns);
        using (Stream data = npz.BeginArray("data", NpyDescr.Of<T>(), stored))
        {
            WriteValues<T>(data, rows, columns, seed);
        }

        npz.Complete();
    }

    /// <summary>The rows × columns values in row-major order, as <typeparamref name="T"/>, chunk by chunk.</summary>
    private static void WriteValues<T>(Stream stream, int rows, int columns, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        T[] chunk = new T[ChunkRows * columns];
        for (int start = 0; start < rows; start += ChunkRows)
        {
            int count = Math.Min(ChunkRows, rows - start) * columns;
            for (int i = 0; i < count; i++)
            {
                // double to float rounds to nearest, as NumPy's astype(np.float32).
                chunk[i] = T.CreateTruncating(random.NextDouble());
            }

            stream.Write(MemoryMarshal.AsBytes(chunk.AsSpan(0, count)));
        }
    }
}
