using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using Centroid.IO;

namespace Centroid.Benchmarks;

/// <summary>
/// `floor FILE`: how long this machine takes to read a data file's arrays once from memory, every core reading its own
/// share (a vectorised sum; CSR reads its values, column indices and row pointers). No Lloyd pass can take less: each
/// reads every element at least once. Prints <c>read_once_ms</c>, the median of 15 reads after warm-up.
/// </summary>
internal static class MemoryFloorProbe
{
    public static int Run(string[] args)
    {
        string path = args[0];
        bool sparse = path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);
        bool single = sparse ? NpzReader.ReadHeader(path).DataType == NpyDataType.Float32 : NpyReader.ReadHeader(path).ElementSize == 4;
        double ms = single ? Measure<float>(path, sparse) : Measure<double>(path, sparse);
        Console.WriteLine($"read_once_ms {ms:F3}");
        return 0;
    }

    private static double Measure<T>(string path, bool sparse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlyMemory<T> values;
        ReadOnlyMemory<int> indices = default, pointers = default;
        if (sparse)
        {
            CsrMatrix<T> csr = NpzReader.ReadCsr<T>(path);
            (values, indices, pointers) = (csr.Values, csr.Indices, csr.RowPointers);
        }
        else
        {
            values = NpyReader.ReadMatrix<T>(path).Memory;
        }

        int threads = Environment.ProcessorCount;
        var sinks = new T[threads];
        var counts = new long[threads];
        void ReadOnce() => System.Threading.Tasks.Parallel.For(0, threads, t =>
        {
            sinks[t] = TensorPrimitives.Sum(Share(values.Span, t, threads));
            counts[t] = TensorPrimitives.Sum(Share(indices.Span, t, threads)) + (long)TensorPrimitives.Sum(Share(pointers.Span, t, threads));
        });

        for (int i = 0; i < 5; i++)
        {
            ReadOnce();
        }

        var times = new double[15];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            ReadOnce();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    private static ReadOnlySpan<TItem> Share<TItem>(ReadOnlySpan<TItem> items, int part, int parts)
    {
        int each = (items.Length + parts - 1) / parts;
        int first = Math.Min(items.Length, part * each);
        return items.Slice(first, Math.Min(each, items.Length - first));
    }
}
