using System.Numerics;
using System.Runtime.CompilerServices;

namespace Centroid.Kernels;

/// <summary>Gathers rows of a CSR matrix into reused CSR buffers (values, indices, row pointers).</summary>
internal sealed class CsrRowGather<T> : IRowGather<T, CsrBatch<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CsrMatrix<T> _source;
    private T[] _values = [];
    private int[] _indices = [];
    private int[] _indptr = [];

    /// <summary>Gathers from <paramref name="source"/>, which is only read.</summary>
    public CsrRowGather(CsrMatrix<T> source) => _source = source;

    /// <inheritdoc/>
    public int Rows => _source.Rows;

    /// <inheritdoc/>
    /// <remarks>The value buffers grow to 1.5 × what a batch needs, so batches of varying density soon stop allocating.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CsrBatch<T> Gather(ReadOnlySpan<int> indices)
    {
        ReadOnlySpan<int> sourcePointers = _source.RowPointers.Span;
        long total = 0;
        foreach (int i in indices)
        {
            total += sourcePointers[i + 1] - sourcePointers[i];
        }

        int nonZeros = checked((int)total);
        if (_values.Length < nonZeros)
        {
            int capacity = (int)Math.Min(Array.MaxLength, nonZeros + (nonZeros / 2L));
            _values = new T[capacity];
            _indices = new int[capacity];
        }

        if (_indptr.Length < indices.Length + 1)
        {
            _indptr = new int[indices.Length + 1];
        }

        ReadOnlySpan<T> sourceValues = _source.Values.Span;
        ReadOnlySpan<int> sourceIndices = _source.Indices.Span;
        int position = 0;
        _indptr[0] = 0;
        for (int r = 0; r < indices.Length; r++)
        {
            int start = sourcePointers[indices[r]];
            int length = sourcePointers[indices[r] + 1] - start;
            sourceValues.Slice(start, length).CopyTo(_values.AsSpan(position));
            sourceIndices.Slice(start, length).CopyTo(_indices.AsSpan(position));
            position += length;
            _indptr[r + 1] = position;
        }

        var matrix = new CsrMatrix<T>(_values.AsMemory(0, position), _indices.AsMemory(0, position), _indptr.AsMemory(0, indices.Length + 1), _source.Columns);
        return new CsrBatch<T>(matrix);
    }

    /// <inheritdoc/>
    public CsrBatch<T> All() => new(_source);
}
