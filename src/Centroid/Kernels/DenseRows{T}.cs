using System.Numerics;

namespace Centroid.Kernels;

/// <summary>
/// A dense matrix seen in working coordinates: each row minus <c>shift</c> (the column means during a fit, as
/// scikit-learn subtracts them from its copy of X; nothing for predict). The subtraction happens on the fly, in T,
/// so the values equal scikit-learn's centered copy without the copy.
/// </summary>
internal readonly struct DenseRows<T> : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseMatrix<T> _matrix;
    private readonly T[]? _shift;

    /// <summary>Views <paramref name="matrix"/> shifted by <paramref name="shift"/> (null for no shift).</summary>
    public DenseRows(DenseMatrix<T> matrix, T[]? shift)
    {
        _matrix = matrix;
        _shift = shift;
    }

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public int Columns => _matrix.Columns;

    /// <summary>Rows centered per kernel call: scikit-learn's chunk, copied (and shifted) into scratch.</summary>
    private const int BlockRows = 256;

    /// <inheritdoc/>
    public int ScratchLength(int clusters) => (BlockRows + DenseAssignKernel.RowBlock) * Columns;

    /// <inheritdoc/>
    public AssignTotals Assign(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights)
    {
        int d = Columns;
        bool update = !sums.IsEmpty;
        Span<int> blockLabels = stackalloc int[BlockRows + DenseAssignKernel.RowBlock];
        Span<T> blockScores = stackalloc T[BlockRows + DenseAssignKernel.RowBlock];
        AssignTotals totals = default;
        for (int first = start; first < end; first += BlockRows)
        {
            int count = Math.Min(BlockRows, end - first);
            int padded = (count + DenseAssignKernel.RowBlock - 1) / DenseAssignKernel.RowBlock * DenseAssignKernel.RowBlock;
            Span<T> block = scratch[..(padded * d)];
            for (int r = 0; r < count; r++)
            {
                LoadRow(first + r, block.Slice(r * d, d));
            }

            block[(count * d)..].Clear();
            DenseAssignKernel.Nearest<T>(block, padded, d, centers, blockLabels, blockScores);

            for (int r = 0; r < count; r++)
            {
                int i = first + r;
                int best = blockLabels[r];
                if (labels[i] != best)
                {
                    totals.Changed++;
                    labels[i] = best;
                }

                ReadOnlySpan<T> x = block.Slice(r * d, d);
                double w = weights.IsEmpty ? 1.0 : double.CreateTruncating(weights[i]);
                double distance = double.CreateTruncating(VectorMath.Dot(x, x) + blockScores[r]);
                totals.Inertia += w * Math.Max(distance, 0.0);
                if (update)
                {
                    Span<double> sum = sums.Slice(best * d, d);
                    for (int f = 0; f < d; f++)
                    {
                        sum[f] += double.CreateTruncating(x[f]) * w;
                    }

                    clusterWeights[best] += w;
                }
            }
        }

        return totals;
    }

    /// <inheritdoc/>
    public T SquaredDistance(int row, ReadOnlySpan<T> center, T centerNorm)
    {
        ReadOnlySpan<T> x = RawRow(row);
        if (_shift is null)
        {
            return VectorMath.SquaredDistance(x, center);
        }

        // Same block-of-four order as VectorMath.SquaredDistance, on x − shift.
        ReadOnlySpan<T> s = _shift;
        int d = x.Length;
        int blocks = d & ~3;
        T result = T.Zero;
        int f = 0;
        for (; f < blocks; f += 4)
        {
            T d0 = (x[f] - s[f]) - center[f];
            T d1 = (x[f + 1] - s[f + 1]) - center[f + 1];
            T d2 = (x[f + 2] - s[f + 2]) - center[f + 2];
            T d3 = (x[f + 3] - s[f + 3]) - center[f + 3];
            result += (d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3);
        }

        for (; f < d; f++)
        {
            T diff = (x[f] - s[f]) - center[f];
            result += diff * diff;
        }

        return result;
    }

    /// <inheritdoc/>
    public void AddRow(int row, double scale, Span<double> destination)
    {
        ReadOnlySpan<T> x = RawRow(row);
        ReadOnlySpan<T> s = _shift;
        for (int f = 0; f < x.Length; f++)
        {
            T v = s.IsEmpty ? x[f] : x[f] - s[f];
            destination[f] += double.CreateTruncating(v) * scale;
        }
    }

    /// <inheritdoc/>
    public void CopyRow(int row, Span<T> destination) => LoadRow(row, destination);

    /// <inheritdoc/>
    public double DotAndNorm(int row, ReadOnlySpan<double> point, out double rowNorm)
    {
        ReadOnlySpan<T> x = RawRow(row);
        ReadOnlySpan<T> s = _shift;
        double dot = 0;
        double norm = 0;
        for (int f = 0; f < x.Length; f++)
        {
            double v = double.CreateTruncating(s.IsEmpty ? x[f] : x[f] - s[f]);
            dot += v * point[f];
            norm += v * v;
        }

        rowNorm = norm;
        return dot;
    }

    private ReadOnlySpan<T> RawRow(int row) => _matrix.Row(row);

    private void LoadRow(int row, Span<T> destination)
    {
        ReadOnlySpan<T> x = _matrix.Row(row);
        if (_shift is null)
        {
            x.CopyTo(destination);
        }
        else
        {
            VectorMath.Subtract<T>(x, _shift, destination);
        }
    }
}
