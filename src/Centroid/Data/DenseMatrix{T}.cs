using System.Runtime.InteropServices;

namespace Centroid;

/// <summary>
/// A read-only, row-major view of caller-owned memory: <see cref="Rows"/> rows of <see cref="Columns"/> elements,
/// row <c>i</c> starting at element <c>i × Stride</c>. Never copies and never owns: the caller keeps the memory alive.
/// </summary>
/// <typeparam name="T">The element type, typically <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// This is the dense counterpart of a C-ordered NumPy array. A fit reads the data in place; it never converts
/// float to double and never allocates a matrix of the data's size.
/// </remarks>
public readonly struct DenseMatrix<T> where T : unmanaged
{
    private readonly ReadOnlyMemory<T> _data;

    /// <summary>Wraps <paramref name="data"/> as a tightly packed <paramref name="rows"/> × <paramref name="columns"/> matrix.</summary>
    /// <param name="data">The elements, row after row; it may be longer than needed.</param>
    /// <param name="rows">The number of rows (samples); zero is allowed for a view, a fit rejects it.</param>
    /// <param name="columns">The number of columns (features), at least one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative row count or a column count below one.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is shorter than <c>rows × columns</c>.</exception>
    public DenseMatrix(ReadOnlyMemory<T> data, int rows, int columns)
        : this(data, rows, columns, columns)
    {
    }

    /// <summary>Wraps <paramref name="data"/> as a <paramref name="rows"/> × <paramref name="columns"/> matrix whose rows are <paramref name="stride"/> elements apart.</summary>
    /// <param name="data">The elements; row <c>i</c> starts at <c>i × stride</c>.</param>
    /// <param name="rows">The number of rows (samples).</param>
    /// <param name="columns">The number of columns (features), at least one.</param>
    /// <param name="stride">The distance in elements between the starts of two rows, at least <paramref name="columns"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative row count, a column count below one, or a stride below the column count.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is too short for the shape.</exception>
    public DenseMatrix(ReadOnlyMemory<T> data, int rows, int columns, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, columns);
        long needed = rows == 0 ? 0 : ((long)(rows - 1) * stride) + columns;
        if (data.Length < needed)
        {
            throw new ArgumentException(
                $"A {rows}x{columns} matrix with stride {stride} needs {needed} elements; got {data.Length}.", nameof(data));
        }

        _data = data;
        Rows = rows;
        Columns = columns;
        Stride = stride;
    }

    /// <summary>Wraps an array as a tightly packed matrix; shorthand for the <see cref="ReadOnlyMemory{T}"/> constructor.</summary>
    /// <param name="data">The elements, row after row.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is shorter than <c>rows × columns</c>.</exception>
    public DenseMatrix(T[] data, int rows, int columns)
        : this(new ReadOnlyMemory<T>(data ?? throw new ArgumentNullException(nameof(data))), rows, columns, columns)
    {
    }

    /// <summary>The number of rows (samples).</summary>
    public int Rows { get; }

    /// <summary>The number of columns (features).</summary>
    public int Columns { get; }

    /// <summary>The distance in elements between the starts of consecutive rows.</summary>
    public int Stride { get; }

    /// <summary>The memory this view reads, from the first row's first element.</summary>
    public ReadOnlyMemory<T> Memory => _data;

    /// <summary>Whether the rows are packed back to back (<see cref="Stride"/> equals <see cref="Columns"/>).</summary>
    public bool IsContiguous => Stride == Columns;

    /// <summary>Row <paramref name="row"/> as a span of <see cref="Columns"/> elements.</summary>
    /// <param name="row">The row index.</param>
    /// <returns>The row's elements.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside [0, <see cref="Rows"/>).</exception>
    public ReadOnlySpan<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            ThrowHelper.ThrowRowOutOfRange(row, Rows);
        }

        return _data.Span.Slice(row * Stride, Columns);
    }

    /// <summary>The rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) as a view of the same memory.</summary>
    /// <param name="start">The first row.</param>
    /// <param name="count">The number of rows.</param>
    /// <returns>A view sharing this matrix's memory.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the matrix.</exception>
    public DenseMatrix<T> SliceRows(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, Rows - count, nameof(start));
        return count == 0
            ? new DenseMatrix<T>(ReadOnlyMemory<T>.Empty, 0, Columns, Stride)
            : new DenseMatrix<T>(_data.Slice(start * Stride), count, Columns, Stride);
    }

    /// <summary>The whole matrix as one span, when it is tightly packed.</summary>
    /// <param name="span">The <c>Rows × Columns</c> elements when this returns true.</param>
    /// <returns>Whether the matrix is contiguous.</returns>
    public bool TryGetContiguous(out ReadOnlySpan<T> span)
    {
        if (IsContiguous)
        {
            span = _data.Span[..(Rows * Columns)];
            return true;
        }

        span = default;
        return false;
    }

    /// <summary>A reference to the first element, for kernels that index rows themselves.</summary>
    internal ref readonly T DangerousGetReference() => ref MemoryMarshal.GetReference(_data.Span);
}
