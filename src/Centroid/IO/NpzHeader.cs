namespace Centroid.IO;

/// <summary>
/// What a SciPy sparse <c>.npz</c> holds: the dtype of the stored values, the matrix shape and the number of stored
/// entries. Returned by <see cref="NpzReader.ReadHeader(string)"/> so a caller can choose <see cref="float"/> or
/// <see cref="double"/> before reading.
/// </summary>
public sealed class NpzHeader
{
    internal NpzHeader(long rows, long columns, NpyHeader data, NpyHeader indices, NpyHeader indptr)
    {
        Rows = rows;
        Columns = columns;
        DataHeader = data;
        IndicesHeader = indices;
        IndptrHeader = indptr;
    }

    /// <summary>The dtype of the stored values (SciPy's <c>data</c>): <see cref="NpyDataType.Float32"/> or <see cref="NpyDataType.Float64"/>.</summary>
    public NpyDataType DataType => DataHeader.DataType;

    /// <summary>The number of rows (samples).</summary>
    public long Rows { get; }

    /// <summary>The number of columns (features).</summary>
    public long Columns { get; }

    /// <summary>The number of stored entries (SciPy's <c>nnz</c>, explicit zeros included).</summary>
    public long NonZeros => DataHeader.ElementCount;

    /// <summary>The header of <c>data.npy</c>.</summary>
    internal NpyHeader DataHeader { get; }

    /// <summary>The header of <c>indices.npy</c>.</summary>
    internal NpyHeader IndicesHeader { get; }

    /// <summary>The header of <c>indptr.npy</c>.</summary>
    internal NpyHeader IndptrHeader { get; }

    /// <summary>The format, shape, stored count and dtype, for example <c>csr 100x20, 350 stored float64</c>.</summary>
    /// <returns>A short description of the matrix.</returns>
    public override string ToString() => $"csr {Rows}x{Columns}, {NonZeros} stored {NpyFormat.Name(DataType)}";
}
