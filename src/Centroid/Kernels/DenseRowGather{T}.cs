using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Centroid.Kernels;

/// <summary>Gathers rows of a dense matrix into a reused row-major buffer.</summary>
internal sealed class DenseRowGather<T> : IRowGather<T, DenseBatch<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Rows fetched ahead of the copy; enough in flight to cover a memory latency with 20-float rows.
    private const int PrefetchDistance = 8;

    private readonly DenseMatrix<T> _source;
    private T[] _buffer = [];

    /// <summary>Gathers from <paramref name="source"/>, which is only read.</summary>
    public DenseRowGather(DenseMatrix<T> source) => _source = source;

    /// <inheritdoc/>
    public int Rows => _source.Rows;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe DenseBatch<T> Gather(ReadOnlySpan<int> indices)
    {
        int d = _source.Columns;
        int needed = checked(indices.Length * d);
        if (_buffer.Length < needed)
        {
            _buffer = new T[needed];
        }

        ReadOnlySpan<T> source = _source.Memory.Span;
        int stride = _source.Stride;
        int rows = _source.Rows;
        Span<T> buffer = _buffer;
        fixed (T* start = source)
        {
            for (int r = 0; r < indices.Length; r++)
            {
                // The rows are random, so nearly every one is a cache miss: ask for the row PrefetchDistance ahead now,
                // so that its miss overlaps this copy instead of stalling the next.
                if (Sse.IsSupported && r + PrefetchDistance < indices.Length)
                {
                    int ahead = indices[r + PrefetchDistance];
                    if ((uint)ahead < (uint)rows)
                    {
                        Sse.Prefetch0(start + ((long)ahead * stride));
                    }
                }

                int row = indices[r];
                if ((uint)row >= (uint)rows)
                {
                    ThrowHelper.ThrowRowOutOfRange(row, rows);
                }

                source.Slice(row * stride, d).CopyTo(buffer.Slice(r * d, d));
            }
        }

        return new DenseBatch<T>(new DenseMatrix<T>(_buffer.AsMemory(0, needed), indices.Length, d));
    }

    /// <inheritdoc/>
    public DenseBatch<T> All() => new(_source);
}
