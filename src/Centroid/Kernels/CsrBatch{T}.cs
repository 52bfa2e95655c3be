using System.Numerics;

namespace Centroid.Kernels;

/// <summary>CSR mini-batch rows: a gathered copy of sampled rows, or a caller's batch given to a partial fit.</summary>
internal readonly struct CsrBatch<T> : IBatchRows<T, CsrRows<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CsrMatrix<T> _matrix;

    /// <summary>Views <paramref name="matrix"/>; nothing is copied.</summary>
    public CsrBatch(CsrMatrix<T> matrix) => _matrix = matrix;

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public CsrRows<T> Source => new(_matrix);

    /// <inheritdoc/>
    /// <remarks>Scatters over the stored entries only, as scikit-learn's <c>update_center_sparse</c>.</remarks>
    public void AccumulateRow(int row, T weight, Span<T> destination)
    {
        SparseRow<T> x = _matrix.Row(row);
        for (int e = 0; e < x.Values.Length; e++)
        {
            T product = x.Values[e] * weight;
            destination[x.Indices[e]] += product;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Zeros, then the stored entries assigned (scikit-learn's <c>assign_rows_csr</c>).</remarks>
    public void CopyRow(int row, Span<T> destination)
    {
        destination.Clear();
        SparseRow<T> x = _matrix.Row(row);
        for (int e = 0; e < x.Values.Length; e++)
        {
            destination[x.Indices[e]] = x.Values[e];
        }
    }
}
