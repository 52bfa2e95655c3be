using System.Numerics;

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
    public int ScratchLength(int clusters) => CenterSet<T>.PaddedCount(clusters) + CenterSet<T>.MaxLanes;

    /// <inheritdoc/>
    public AssignTotals Assign(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights)
    {
        int d = Columns;
        ReadOnlySpan<int> indptr = _matrix.RowPointers.Span;
        ReadOnlySpan<int> allIndices = _matrix.Indices.Span;
        ReadOnlySpan<T> allValues = _matrix.Values.Span;
        bool update = !sums.IsEmpty;
        AssignTotals totals = default;
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<int> indices = allIndices[indptr[i]..indptr[i + 1]];
            ReadOnlySpan<T> values = allValues[indptr[i]..indptr[i + 1]];
            int best = CsrAssignKernel.Nearest(indices, values, centers, scratch, out T bestScore);

            if (labels[i] != best)
            {
                totals.Changed++;
                labels[i] = best;
            }

            double w = weights.IsEmpty ? 1.0 : double.CreateTruncating(weights[i]);
            totals.Score += w * double.CreateTruncating(bestScore);
            if (update)
            {
                Span<double> sum = sums.Slice(best * d, d);
                for (int e = 0; e < values.Length; e++)
                {
                    sum[indices[e]] += double.CreateTruncating(values[e]) * w;
                }

                clusterWeights[best] += w;
            }
        }

        return totals;
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
