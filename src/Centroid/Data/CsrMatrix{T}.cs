namespace Centroid;

/// <summary>
/// A read-only compressed-sparse-row matrix over caller-owned arrays, laid out exactly as SciPy's
/// <c>csr_matrix</c> (<c>data</c>, <c>indices</c>, <c>indptr</c>), so buffers read from a <c>.npz</c> are used in place.
/// </summary>
/// <typeparam name="T">The element type, typically <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The structure is validated once, at construction, in O(rows + non-zeros): <c>indptr</c> starts at 0, never
/// decreases and ends at the number of stored values, and every column index lies in [0, columns).
/// Column indices need not be sorted within a row; a duplicated index is used entry by entry, as scikit-learn does.
/// </remarks>
public readonly struct CsrMatrix<T> where T : unmanaged
{
    private readonly ReadOnlyMemory<T> _values;
    private readonly ReadOnlyMemory<int> _indices;
    private readonly ReadOnlyMemory<int> _indptr;

    /// <summary>Wraps CSR arrays after checking their structure.</summary>
    /// <param name="values">The stored values (SciPy's <c>data</c>), one per non-zero.</param>
    /// <param name="indices">The column index of each stored value.</param>
    /// <param name="indptr">Row pointers, length rows + 1: row <c>i</c> holds entries [indptr[i], indptr[i+1]).</param>
    /// <param name="columns">The number of columns (features), at least one.</param>
    /// <exception cref="ArgumentException">The arrays do not describe a valid CSR matrix; the message names the position.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is below one.</exception>
    public CsrMatrix(ReadOnlyMemory<T> values, ReadOnlyMemory<int> indices, ReadOnlyMemory<int> indptr, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Validate(values.Length, indices.Span, indptr.Span, columns);
        _values = values;
        _indices = indices;
        _indptr = indptr;
        Columns = columns;
    }

    /// <summary>Wraps CSR arrays after checking their structure; shorthand for the memory constructor.</summary>
    /// <param name="values">The stored values.</param>
    /// <param name="indices">The column index of each stored value.</param>
    /// <param name="indptr">Row pointers, length rows + 1.</param>
    /// <param name="columns">The number of columns.</param>
    /// <exception cref="ArgumentException">The arrays do not describe a valid CSR matrix.</exception>
    public CsrMatrix(T[] values, int[] indices, int[] indptr, int columns)
        : this(new ReadOnlyMemory<T>(values), new ReadOnlyMemory<int>(indices), new ReadOnlyMemory<int>(indptr), columns)
    {
    }

    /// <summary>The number of rows (samples).</summary>
    public int Rows => Math.Max(_indptr.Length - 1, 0);

    /// <summary>The number of columns (features).</summary>
    public int Columns { get; }

    /// <summary>The number of stored entries.</summary>
    public int NonZeros => _values.Length;

    /// <summary>The stored values (SciPy's <c>data</c>).</summary>
    public ReadOnlyMemory<T> Values => _values;

    /// <summary>The column index of each stored value.</summary>
    public ReadOnlyMemory<int> Indices => _indices;

    /// <summary>The row pointers, length <see cref="Rows"/> + 1.</summary>
    public ReadOnlyMemory<int> RowPointers => _indptr;

    /// <summary>The stored entries of row <paramref name="row"/>.</summary>
    /// <param name="row">The row index.</param>
    /// <returns>The row's indices and values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside [0, <see cref="Rows"/>).</exception>
    public SparseRow<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            ThrowHelper.ThrowRowOutOfRange(row, Rows);
        }

        ReadOnlySpan<int> p = _indptr.Span;
        int start = p[row];
        int end = p[row + 1];
        return new SparseRow<T>(_indices.Span[start..end], _values.Span[start..end]);
    }

    private static void Validate(int valueCount, ReadOnlySpan<int> indices, ReadOnlySpan<int> indptr, int columns)
    {
        if (indptr.Length == 0)
        {
            throw new ArgumentException("indptr must have rows + 1 entries; got an empty array.", nameof(indptr));
        }

        if (indices.Length != valueCount)
        {
            throw new ArgumentException(
                $"indices has {indices.Length} entries but values has {valueCount}; they must be the same length.", nameof(indices));
        }

        if (indptr[0] != 0)
        {
            throw new ArgumentException($"indptr[0] must be 0; got {indptr[0]}.", nameof(indptr));
        }

        for (int i = 1; i < indptr.Length; i++)
        {
            if (indptr[i] < indptr[i - 1])
            {
                throw new ArgumentException(
                    $"indptr must not decrease: indptr[{i}] = {indptr[i]} < indptr[{i - 1}] = {indptr[i - 1]}.", nameof(indptr));
            }
        }

        if (indptr[^1] != valueCount)
        {
            throw new ArgumentException(
                $"indptr's last entry must equal the number of stored values ({valueCount}); got {indptr[^1]}.", nameof(indptr));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)columns)
            {
                throw new ArgumentException(
                    $"Column index {indices[i]} at position {i} is outside [0, {columns}).", nameof(indices));
            }
        }
    }
}
