using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Centroid.Kernels;

/// <summary>A CSR matrix as a row source. Sparse data is never centered (scikit-learn does not center it either).</summary>
internal readonly struct CsrRows<T> : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CsrMatrix<T> _matrix;

    /// <summary>Views <paramref name="matrix"/>.</summary>
    public CsrRows(CsrMatrix<T> matrix) => _matrix = matrix;

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public int Columns => _matrix.Columns;

    /// <inheritdoc/>
    public int ScratchLength(int clusters) => CsrAssignKernel.ScratchLength<T>(clusters);

    /// <summary>Rows whose labels the kernel finds together before their sums are added (stack buffers).</summary>
    private const int Block = 64;

    /// <inheritdoc/>
    public AssignTotals Assign(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true) =>
        Assign(start, end, centers, weights, labels, scratch, sums, clusterWeights, moved, movingRows: false, sumScores);

    /// <inheritdoc/>
    public AssignTotals AssignMovingRows(int start, int end, CenterSet<T> centers, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true) =>
        Assign(start, end, centers, default, labels, scratch, sums, clusterWeights, moved, movingRows: true, sumScores);

    /// <inheritdoc/>
    /// <remarks>
    /// Without weights every term is a stored value (times 1). Every stored value is a whole multiple of q, the largest
    /// power of two dividing them all (found from each value's lowest set bit), and so is every partial sum of a column,
    /// none larger than the column's absolute sum. When the largest absolute column sum is at most 2^53·q, every such
    /// multiple is a double, so every addition and subtraction is exact. Normalised tf-idf rows in float32 usually
    /// qualify (the benchmark's need 52.9 of the 53 bits), as do counts and 0/1 features in either type.
    /// </remarks>
    public SumForm GetSumForm(ReadOnlySpan<T> weights) => SumsExactInAnyOrder(weights) ? SumForm.Exact : SumForm.Ordered;

    /// <inheritdoc/>
    public int SumParts => 1;

    private bool SumsExactInAnyOrder(ReadOnlySpan<T> weights)
    {
        if (!weights.IsEmpty || (typeof(T) != typeof(float) && typeof(T) != typeof(double)))
        {
            return false;
        }

        ReadOnlySpan<int> indices = _matrix.Indices.Span;
        ReadOnlySpan<T> values = _matrix.Values.Span;
        var columnSums = new double[Columns];
        int quantum = int.MaxValue;
        for (int e = 0; e < values.Length; e++)
        {
            double v = double.CreateTruncating(values[e]);
            if (!double.IsFinite(v))
            {
                return false;
            }

            if (v != 0)
            {
                quantum = Math.Min(quantum, DoubleBits.LowestBitExponent(v));
                columnSums[indices[e]] += Math.Abs(v);
            }
        }

        double largest = 0;
        foreach (double sum in columnSums)
        {
            largest = Math.Max(largest, sum);
        }

        // The column sums were rounded on the way: a little headroom covers that.
        return quantum == int.MaxValue || largest * (1 + 1e-9) <= Math.ScaleB(1.0, 53 + quantum);
    }

    /// <inheritdoc/>
    public void MoveRow(int i, int from, int to, Span<T> row, Span<double> sums, Span<double> clusterWeights)
    {
        ReadOnlySpan<int> indptr = _matrix.RowPointers.Span;
        MoveEntries(_matrix.Indices.Span[indptr[i]..indptr[i + 1]], _matrix.Values.Span[indptr[i]..indptr[i + 1]], from, to, sums, clusterWeights);
    }

    /// <summary>
    /// Moves the row with these entries from cluster <paramref name="from"/>'s sums and weight (none when −1) to cluster
    /// <paramref name="to"/>'s; the sums keep their bits in any order when <see cref="SumsExactInAnyOrder"/> holds.
    /// </summary>
    private void MoveEntries(ReadOnlySpan<int> rowIndices, ReadOnlySpan<T> rowValues, int from, int to, Span<double> sums, Span<double> clusterWeights)
    {
        int d = Columns;
        if (from >= 0)
        {
            AddEntries(rowIndices, rowValues, -1.0, sums.Slice(from * d, d));
            clusterWeights[from] -= 1.0;
        }

        AddEntries(rowIndices, rowValues, 1.0, sums.Slice(to * d, d));
        clusterWeights[to] += 1.0;
    }

    private AssignTotals Assign(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool movingRows, bool sumScores)
    {
        int d = Columns;
        ReadOnlySpan<int> indptr = _matrix.RowPointers.Span;
        ReadOnlySpan<int> allIndices = _matrix.Indices.Span;
        ReadOnlySpan<T> allValues = _matrix.Values.Span;
        bool update = !sums.IsEmpty;
        AssignTotals totals = default;
        Span<int> blockLabels = stackalloc int[Block];
        Span<T> blockScores = stackalloc T[Block];
        for (int first = start; first < end; first += Block)
        {
            int stop = Math.Min(end, first + Block);
            CsrAssignKernel.NearestRows(indptr, allIndices, allValues, first, stop, centers, scratch, blockLabels, blockScores);
            for (int i = first; i < stop; i++)
            {
                int best = blockLabels[i - first];
                int previous = labels[i];
                ReadOnlySpan<int> rowIndices = allIndices[indptr[i]..indptr[i + 1]];
                ReadOnlySpan<T> rowValues = allValues[indptr[i]..indptr[i + 1]];
                if (previous != best)
                {
                    totals.Changed++;
                    labels[i] = best;
                    ClusterMask.AddMove(moved, previous, best);
                    if (movingRows)
                    {
                        MoveEntries(rowIndices, rowValues, previous, best, sums, clusterWeights);
                    }
                }

                double w = weights.IsEmpty ? 1.0 : double.CreateTruncating(weights[i]);
                if (sumScores)
                {
                    totals.Score += w * double.CreateTruncating(blockScores[i - first]);
                }

                if (update && !movingRows)
                {
                    AddEntries(rowIndices, rowValues, w, sums.Slice(best * d, d));
                    clusterWeights[best] += w;
                }
            }
        }

        return totals;
    }

    /// <inheritdoc/>
    public int SumScratchLength(int clusters) => 0;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PartitionSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> scratch, Span<double> sums, Span<double> clusterWeights)
    {
        int d = Columns;
        ReadOnlySpan<int> indptr = _matrix.RowPointers.Span;
        ReadOnlySpan<int> allIndices = _matrix.Indices.Span;
        ReadOnlySpan<T> allValues = _matrix.Values.Span;
        ClusterMask.Clear(clusters, sums, d);
        ClusterMask.Clear(clusters, clusterWeights, 1);
        for (int i = start; i < end; i++)
        {
            int label = labels[i];
            if (!ClusterMask.Contains(clusters, label))
            {
                continue;
            }

            double w = weights.IsEmpty ? 1.0 : double.CreateTruncating(weights[i]);
            AddEntries(allIndices[indptr[i]..indptr[i + 1]], allValues[indptr[i]..indptr[i + 1]], w, sums.Slice(label * d, d));
            clusterWeights[label] += w;
        }
    }

    /// <summary><paramref name="sum"/>[j] += v·w for each entry (j, v) of a row, in stored order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void AddEntries(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, double w, Span<double> sum)
    {
        // Indices lie in [0, d) (CsrMatrix checks them), sum has d elements.
        ref int index = ref MemoryMarshal.GetReference(indices);
        ref T value = ref MemoryMarshal.GetReference(values);
        fixed (double* target = sum)
        {
            int length = values.Length;
            for (int e = 0; e < length; e++)
            {
                target[Unsafe.Add(ref index, e)] += VectorMath.Widen(Unsafe.Add(ref value, e)) * w;
            }
        }
    }

    /// <inheritdoc/>
    public T SquaredDistance(int row, ReadOnlySpan<T> center, T centerNorm)
    {
        // scikit-learn's _euclidean_sparse_dense: Σ over stored entries of (x − c)² − c², plus ‖c‖², clipped at 0.
        SparseRow<T> x = _matrix.Row(row);
        T result = T.Zero;
        for (int e = 0; e < x.Values.Length; e++)
        {
            T c = center[x.Indices[e]];
            T diff = x.Values[e] - c;
            result += (diff * diff) - (c * c);
        }

        result += centerNorm;
        return T.Max(result, T.Zero);
    }

    /// <inheritdoc/>
    public void AddRow(int row, double scale, Span<double> destination)
    {
        SparseRow<T> x = _matrix.Row(row);
        for (int e = 0; e < x.Values.Length; e++)
        {
            destination[x.Indices[e]] += double.CreateTruncating(x.Values[e]) * scale;
        }
    }

    /// <inheritdoc/>
    public void CopyRow(int row, Span<T> destination)
    {
        destination.Clear();
        SparseRow<T> x = _matrix.Row(row);
        for (int e = 0; e < x.Values.Length; e++)
        {
            destination[x.Indices[e]] += x.Values[e];
        }
    }

    /// <inheritdoc/>
    public double DotAndNorm(int row, ReadOnlySpan<double> point, out double rowNorm)
    {
        SparseRow<T> x = _matrix.Row(row);
        double dot = 0;
        double norm = 0;
        for (int e = 0; e < x.Values.Length; e++)
        {
            double v = double.CreateTruncating(x.Values[e]);
            dot += v * point[x.Indices[e]];
            norm += v * v;
        }

        rowNorm = norm;
        return dot;
    }
}
