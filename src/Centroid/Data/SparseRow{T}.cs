namespace Centroid;

/// <summary>The stored entries of one CSR row: column indices and values, in the order they are stored.</summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct SparseRow<T> where T : unmanaged
{
    /// <summary>Creates a row from its column indices and values (same length).</summary>
    /// <param name="indices">The column index of each stored entry.</param>
    /// <param name="values">The value of each stored entry.</param>
    public SparseRow(ReadOnlySpan<int> indices, ReadOnlySpan<T> values)
    {
        Indices = indices;
        Values = values;
    }

    /// <summary>The column index of each stored entry; not necessarily sorted, as in SciPy.</summary>
    public ReadOnlySpan<int> Indices { get; }

    /// <summary>The value of each stored entry.</summary>
    public ReadOnlySpan<T> Values { get; }
}
