using System.Diagnostics;
using System.Numerics;
using Centroid.IO;

namespace Centroid.Cli.Input;

/// <summary>The data of an <see cref="InputFile"/>, dense or CSR, with the fit and predict calls for whichever it is.</summary>
/// <typeparam name="T">The element type, as stored in the file.</typeparam>
internal sealed class InputMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseMatrix<T>? _dense;
    private readonly CsrMatrix<T>? _csr;

    private InputMatrix(DenseMatrix<T> dense)
    {
        _dense = dense;
        Rows = dense.Rows;
        Columns = dense.Columns;
    }

    private InputMatrix(CsrMatrix<T> csr)
    {
        _csr = csr;
        Rows = csr.Rows;
        Columns = csr.Columns;
    }

    /// <summary>The number of samples.</summary>
    public int Rows { get; }

    /// <summary>The number of features.</summary>
    public int Columns { get; }

    /// <summary>Reads the whole file.</summary>
    /// <param name="file">The file; its <see cref="InputFile.DataType"/> must be <typeparamref name="T"/>'s.</param>
    public static InputMatrix<T> Read(InputFile file) => file.Kind switch
    {
        InputFileKind.Npy => new InputMatrix<T>(NpyReader.ReadMatrix<T>(file.Path)),
        InputFileKind.Npz => new InputMatrix<T>(NpzReader.ReadCsr<T>(file.Path)),
        _ => new InputMatrix<T>(CsvMatrixReader.Read<T>(file.Path)),
    };

    /// <summary>Fits <paramref name="kmeans"/> on this data, from <paramref name="initialCenters"/> when given.</summary>
    public KMeansModel<T> Fit(KMeans<T> kmeans, DenseMatrix<T>? initialCenters, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
    {
        if (_dense is DenseMatrix<T> dense)
        {
            return initialCenters is DenseMatrix<T> given
                ? kmeans.Fit(dense, given, progress: progress, cancellationToken: cancellationToken)
                : kmeans.Fit(dense, progress: progress, cancellationToken: cancellationToken);
        }

        CsrMatrix<T> csr = Csr;
        return initialCenters is DenseMatrix<T> centers
            ? kmeans.Fit(csr, centers, progress: progress, cancellationToken: cancellationToken)
            : kmeans.Fit(csr, progress: progress, cancellationToken: cancellationToken);
    }

    /// <summary>Fits <paramref name="kmeans"/> (mini-batch) on this data, from <paramref name="initialCenters"/> when given.</summary>
    public KMeansModel<T> Fit(MiniBatchKMeans<T> kmeans, DenseMatrix<T>? initialCenters, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
    {
        if (_dense is DenseMatrix<T> dense)
        {
            return initialCenters is DenseMatrix<T> given
                ? kmeans.Fit(dense, given, progress: progress, cancellationToken: cancellationToken)
                : kmeans.Fit(dense, progress: progress, cancellationToken: cancellationToken);
        }

        CsrMatrix<T> csr = Csr;
        return initialCenters is DenseMatrix<T> centers
            ? kmeans.Fit(csr, centers, progress: progress, cancellationToken: cancellationToken)
            : kmeans.Fit(csr, progress: progress, cancellationToken: cancellationToken);
    }

    /// <summary>The nearest center of each sample under <paramref name="model"/>.</summary>
    public int[] Predict(KMeansModel<T> model) =>
        _dense is DenseMatrix<T> dense ? model.Predict(dense) : model.Predict(Csr);

    private CsrMatrix<T> Csr => _csr ?? throw new UnreachableException("Input data is either dense or CSR.");
}
