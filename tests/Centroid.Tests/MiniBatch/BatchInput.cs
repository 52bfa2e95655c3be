using System.Numerics;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.MiniBatch;

/// <summary>Hands the same rows to a partial fit or a fit as dense or as CSR, so rule tests run over both formats.</summary>
internal static class BatchInput
{
    public static void PartialFit<T>(MiniBatchKMeans<T> kmeans, T[] rows, int d, bool csr, T[]? centers = null, T[]? weights = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlyMemory<T> w = weights ?? default(ReadOnlyMemory<T>);
        int k = kmeans.Options.Clusters;
        if (csr)
        {
            CsrMatrix<T> x = ScikitLearnCase.ToCsr(rows, d);
            if (centers is null)
            {
                kmeans.PartialFit(x, w);
            }
            else
            {
                kmeans.PartialFit(x, new DenseMatrix<T>(centers, k, d), w);
            }
        }
        else
        {
            var x = new DenseMatrix<T>(rows, rows.Length / d, d);
            if (centers is null)
            {
                kmeans.PartialFit(x, w);
            }
            else
            {
                kmeans.PartialFit(x, new DenseMatrix<T>(centers, k, d), w);
            }
        }
    }

    public static KMeansModel<T> Fit<T>(MiniBatchKMeans<T> kmeans, T[] rows, int d, bool csr, T[]? centers = null, T[]? weights = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlyMemory<T> w = weights ?? default(ReadOnlyMemory<T>);
        int k = kmeans.Options.Clusters;
        if (csr)
        {
            CsrMatrix<T> x = ScikitLearnCase.ToCsr(rows, d);
            return centers is null ? kmeans.Fit(x, w) : kmeans.Fit(x, new DenseMatrix<T>(centers, k, d), w);
        }

        var dense = new DenseMatrix<T>(rows, rows.Length / d, d);
        return centers is null ? kmeans.Fit(dense, w) : kmeans.Fit(dense, new DenseMatrix<T>(centers, k, d), w);
    }

    public static T[] Values<T>(params double[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(T.CreateTruncating).ToArray();

    public static double[] Doubles<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.ToArray().Select(double.CreateTruncating).ToArray();
}
