using System.Numerics;

namespace Centroid.Kernels;

/// <summary>
/// Copies chosen rows of a data set into a buffer it owns and reuses (scikit-learn's <c>X[indices]</c>), so that a
/// mini-batch, an initialisation subsample or a validation sample costs O(rows × d) memory however large the data.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TBatch">The view the gathered rows are returned as.</typeparam>
internal interface IRowGather<T, TBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of rows of the whole data set.</summary>
    int Rows { get; }

    /// <summary>
    /// Copies the rows <paramref name="indices"/> (repeats allowed), in that order, into the buffer and returns a view
    /// of them, valid until the next call. The buffer grows when needed and is never shrunk.
    /// </summary>
    TBatch Gather(ReadOnlySpan<int> indices);

    /// <summary>The whole data set as a batch view, without copying.</summary>
    TBatch All();
}
