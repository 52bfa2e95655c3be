using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>Dense mini-batch rows: a gathered copy of sampled rows, or a caller's batch given to a partial fit.</summary>
internal readonly struct DenseBatch<T> : IBatchRows<T, DenseRows<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseMatrix<T> _matrix;

    /// <summary>Views <paramref name="matrix"/>; nothing is copied.</summary>
    public DenseBatch(DenseMatrix<T> matrix) => _matrix = matrix;

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public DenseRows<T> Source => new(_matrix, null);

    /// <inheritdoc/>
    /// <remarks>
    /// Vector512/Vector256 lanes hold consecutive features; each lane does the scalar statement's multiply then add
    /// (two roundings, never a fused multiply-add), so the vector and scalar tails give the same bits.
    /// </remarks>
    public void AccumulateRow(int row, T weight, Span<T> destination)
    {
        ReadOnlySpan<T> x = _matrix.Row(row);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        int d = x.Length;
        int f = 0;
        if (Vector512.IsHardwareAccelerated && d >= Vector512<T>.Count)
        {
            Vector512<T> w = Vector512.Create(weight);
            for (; f <= d - Vector512<T>.Count; f += Vector512<T>.Count)
            {
                Vector512<T> product = Vector512.LoadUnsafe(ref xr, (nuint)f) * w;
                (Vector512.LoadUnsafe(ref dr, (nuint)f) + product).StoreUnsafe(ref dr, (nuint)f);
            }
        }
        else if (Vector256.IsHardwareAccelerated && d >= Vector256<T>.Count)
        {
            Vector256<T> w = Vector256.Create(weight);
            for (; f <= d - Vector256<T>.Count; f += Vector256<T>.Count)
            {
                Vector256<T> product = Vector256.LoadUnsafe(ref xr, (nuint)f) * w;
                (Vector256.LoadUnsafe(ref dr, (nuint)f) + product).StoreUnsafe(ref dr, (nuint)f);
            }
        }

        for (; f < d; f++)
        {
            T product = Unsafe.Add(ref xr, f) * weight;
            Unsafe.Add(ref dr, f) += product;
        }
    }

    /// <inheritdoc/>
    public void CopyRow(int row, Span<T> destination) => _matrix.Row(row).CopyTo(destination);
}
