using System.Numerics;

namespace Centroid.Kernels;

/// <summary>
/// A mini-batch as the step sees it: its rows as a row source for the assignment (<typeparamref name="TRows"/>), and
/// the two things the step does with single rows that a row source does not offer in the data's type — adding a
/// weighted row to a center sum, and copying a row into a center.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TRows">The row source over the same rows (<see cref="DenseRows{T}"/> or <see cref="CsrRows{T}"/>).</typeparam>
internal interface IBatchRows<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IRowSource<T>
{
    /// <summary>The number of rows b.</summary>
    int Rows { get; }

    /// <summary>The rows as a row source (uncentered: mini-batch k-means never centers).</summary>
    TRows Source { get; }

    /// <summary>
    /// destination[f] += x[f] × weight in T, feature by feature, each product rounded before the sum — scikit-learn's
    /// <c>update_center_dense</c>/<c>_sparse</c> inner statement, so sums in batch order give its bits.
    /// </summary>
    void AccumulateRow(int row, T weight, Span<T> destination);

    /// <summary>Writes row <paramref name="row"/> densely to <paramref name="destination"/> (d elements), as a reassigned center.</summary>
    void CopyRow(int row, Span<T> destination);
}
