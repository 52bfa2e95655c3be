using System.Numerics;
using BenchmarkDotNet.Attributes;
using Centroid.Kernels;

namespace Centroid.Benchmarks;

/// <summary>
/// One assignment-and-update pass over 16384 rows (as a Lloyd iteration does per partition), float and double,
/// at the seed's shape (d 20, k 8), a compute-bound one (d 64, k 256) and an odd tail (d 67).
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class AssignBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = 16384;
    private DenseRows<T> _rows;
    private CenterSet<T> _centers = null!;
    private int[] _labels = null!;
    private T[] _scratch = null!;
    private double[] _sums = null!;
    private double[] _weights = null!;

    [Params(20, 64, 67)]
    public int Features { get; set; }

    [Params(8, 256)]
    public int Clusters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(42);
        T[] data = Enumerable.Range(0, Rows * Features).Select(_ => T.CreateTruncating(random.NextDouble())).ToArray();
        _rows = new DenseRows<T>(new DenseMatrix<T>(data, Rows, Features), new T[Features]);
        _centers = new CenterSet<T>(Clusters, Features);
        for (int j = 0; j < Clusters; j++)
        {
            _rows.CopyRow(j * 7, _centers.Row(j));
        }

        _centers.UpdateNorms();
        _labels = new int[Rows];
        _scratch = new T[_rows.ScratchLength(Clusters)];
        _sums = new double[Clusters * Features];
        _weights = new double[Clusters];
    }

    [Benchmark]
    public int AssignAndUpdate() => _rows.Assign(0, Rows, _centers, default, _labels, _scratch, _sums, _weights, default).Changed;

    [Benchmark]
    public int AssignOnly() => _rows.Assign(0, Rows, _centers, default, _labels, _scratch, default, default, default).Changed;
}
