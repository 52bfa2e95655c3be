using System.Numerics;

namespace Centroid;

/// <summary>The checks a fit or a prediction makes on what it is given, with messages that name the problem.</summary>
internal static class InputValidation
{
    /// <summary>Rejects empty data and fewer samples than clusters.</summary>
    public static void CheckShape(int rows, int columns, int clusters)
    {
        if (rows == 0)
        {
            throw new ArgumentException($"Found an array with 0 samples (shape ({rows}, {columns})); at least 1 is required.", "x");
        }

        if (rows < clusters)
        {
            throw new ArgumentException($"n_samples={rows} should be >= n_clusters={clusters}.", "x");
        }
    }

    /// <summary>Rejects weights of the wrong length, NaN or infinite, negative, or all zero. Empty means unit weights.</summary>
    public static void CheckWeights<T>(ReadOnlySpan<T> weights, int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weights.IsEmpty)
        {
            return;
        }

        if (weights.Length != rows)
        {
            throw new ArgumentException($"sampleWeight has {weights.Length} entries; expected one per sample ({rows}).", "sampleWeight");
        }

        bool anyPositive = false;
        for (int i = 0; i < weights.Length; i++)
        {
            T w = weights[i];
            if (!T.IsFinite(w))
            {
                throw new ArgumentException($"sampleWeight contains {(T.IsNaN(w) ? "NaN" : "infinity")} at index {i}.", "sampleWeight");
            }

            if (w < T.Zero)
            {
                throw new ArgumentException($"sampleWeight must be non-negative; got {w} at index {i}.", "sampleWeight");
            }

            anyPositive |= w > T.Zero;
        }

        if (!anyPositive)
        {
            throw new ArgumentException("sampleWeight is zero everywhere; at least one sample needs a positive weight.", "sampleWeight");
        }
    }

    /// <summary>Rejects initial centers that are not k × d or hold a NaN or infinite value.</summary>
    public static void CheckInitialCenters<T>(DenseMatrix<T>? centers, int clusters, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (centers is not DenseMatrix<T> c)
        {
            return;
        }

        if (c.Rows != clusters)
        {
            throw new ArgumentException($"The shape of the initial centers ({c.Rows}, {c.Columns}) does not match the number of clusters {clusters}.", "initialCenters");
        }

        if (c.Columns != columns)
        {
            throw new ArgumentException($"The shape of the initial centers ({c.Rows}, {c.Columns}) does not match the number of features of the data {columns}.", "initialCenters");
        }

        for (int j = 0; j < c.Rows; j++)
        {
            ReadOnlySpan<T> row = c.Row(j);
            for (int f = 0; f < row.Length; f++)
            {
                if (!T.IsFinite(row[f]))
                {
                    throw new ArgumentException($"The initial centers contain {(T.IsNaN(row[f]) ? "NaN" : "infinity")} at row {j}, column {f}.", "initialCenters");
                }
            }
        }
    }

    /// <summary>Rejects data whose width differs from the model's.</summary>
    public static void CheckFeatures(int columns, int expected)
    {
        if (columns != expected)
        {
            throw new ArgumentException($"X has {columns} features, but the model is expecting {expected} features as input.", "x");
        }
    }
}
