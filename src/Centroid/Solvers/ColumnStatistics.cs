using System.Numerics;
using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>
/// The per-feature statistics a fit needs before it starts, computed as scikit-learn computes them: the column
/// means it centers dense data with (<c>X.mean(axis=0)</c>: row-by-row sums in T, divided by n), and the absolute
/// tolerance <c>tol × mean(var(X, axis=0))</c>. Each is one pass over the data with O(d) memory.
/// </summary>
internal static class ColumnStatistics
{
    /// <summary>Column means of <paramref name="x"/> in T; also checks every value is finite.</summary>
    /// <exception cref="ArgumentException">A NaN or infinite value; the message names its row and column.</exception>
    public static T[] MeansChecked<T>(DenseMatrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Columns;
        var sums = new T[d];
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<T> row = x.Row(i);
            for (int f = 0; f < d; f++)
            {
                T v = row[f];
                if (!T.IsFinite(v))
                {
                    ThrowNotFinite(v, i, f);
                }

                sums[f] += v;
            }
        }

        T n = T.CreateTruncating(x.Rows);
        for (int f = 0; f < d; f++)
        {
            sums[f] /= n;
        }

        return sums;
    }

    /// <summary>Checks every stored value of a CSR matrix is finite.</summary>
    /// <exception cref="ArgumentException">A NaN or infinite value; the message names its row and column.</exception>
    public static void CheckFinite<T>(CsrMatrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Rows; i++)
        {
            SparseRow<T> row = x.Row(i);
            for (int e = 0; e < row.Values.Length; e++)
            {
                if (!T.IsFinite(row.Values[e]))
                {
                    ThrowNotFinite(row.Values[e], i, row.Indices[e]);
                }
            }
        }
    }

    /// <summary>
    /// scikit-learn's <c>_tolerance</c> for dense data: 0 when <paramref name="tol"/> is 0; otherwise the per-feature
    /// variances (deviations from <paramref name="means"/> squared and summed row by row in T, divided by n), their
    /// mean as NumPy sums a vector, times <paramref name="tol"/> in double.
    /// </summary>
    public static double Tolerance<T>(DenseMatrix<T> x, T[] means, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tol == 0)
        {
            return 0;
        }

        int d = x.Columns;
        var variances = new T[d];
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<T> row = x.Row(i);
            for (int f = 0; f < d; f++)
            {
                T deviation = row[f] - means[f];
                variances[f] += deviation * deviation;
            }
        }

        T n = T.CreateTruncating(x.Rows);
        for (int f = 0; f < d; f++)
        {
            variances[f] /= n;
        }

        return double.CreateTruncating(NumpySum.Sum<T>(variances) / T.CreateTruncating(d)) * tol;
    }

    /// <summary>
    /// scikit-learn's <c>_tolerance</c> for CSR data (<c>mean_variance_axis</c>): per-feature variances counting the
    /// implicit zeros, computed in double, stored in T; their mean times <paramref name="tol"/>.
    /// </summary>
    public static double Tolerance<T>(CsrMatrix<T> x, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tol == 0)
        {
            return 0;
        }

        int d = x.Columns;
        int n = x.Rows;
        var sums = new double[d];
        var counts = new int[d];
        ReadOnlySpan<T> values = x.Values.Span;
        ReadOnlySpan<int> indices = x.Indices.Span;
        for (int e = 0; e < values.Length; e++)
        {
            sums[indices[e]] += double.CreateTruncating(values[e]);
            counts[indices[e]]++;
        }

        var squares = new double[d];
        for (int e = 0; e < values.Length; e++)
        {
            double deviation = double.CreateTruncating(values[e]) - (sums[indices[e]] / n);
            squares[indices[e]] += deviation * deviation;
        }

        var variances = new T[d];
        for (int f = 0; f < d; f++)
        {
            double mean = sums[f] / n;
            variances[f] = T.CreateTruncating((squares[f] + ((n - counts[f]) * mean * mean)) / n);
        }

        return double.CreateTruncating(NumpySum.Sum<T>(variances) / T.CreateTruncating(d)) * tol;
    }

    private static void ThrowNotFinite<T>(T value, int row, int column) where T : IFloatingPointIeee754<T> =>
        throw new ArgumentException(
            $"Input contains {(T.IsNaN(value) ? "NaN" : "infinity")} at row {row}, column {column}; k-means needs finite values.", "x");
}
