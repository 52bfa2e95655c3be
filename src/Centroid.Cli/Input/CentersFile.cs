using System.Numerics;
using Centroid.IO;

namespace Centroid.Cli.Input;

/// <summary>
/// Reads a k × d <c>.npy</c> of centers (initial centers for <c>fit --init</c>, or a fit's <c>centers.npy</c> for
/// <c>predict</c>) in whichever float dtype it has, converted to the data's element type. The array is small, so
/// converting it costs nothing, unlike converting the data.
/// </summary>
internal static class CentersFile
{
    /// <summary>Reads the centers as <typeparamref name="T"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a 2-D float32 or float64 <c>.npy</c>.</exception>
    public static DenseMatrix<T> Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        InputFile.RequireExists(path);
        NpyDataType dataType = NpyReader.ReadHeader(path).DataType;
        return dataType switch
        {
            NpyDataType.Float32 => Convert<float, T>(NpyReader.ReadMatrix<float>(path)),
            NpyDataType.Float64 => Convert<double, T>(NpyReader.ReadMatrix<double>(path)),
            _ => throw new InvalidDataException($"{path}: the centers are {DataTypeNames.Of(dataType)}; expected float32 or float64."),
        };
    }

    /// <summary>Reads the centers as <typeparamref name="T"/> and checks they are <paramref name="clusters"/> × <paramref name="features"/>.</summary>
    /// <exception cref="InvalidDataException">The shape is not (clusters, features), or the file is invalid.</exception>
    public static DenseMatrix<T> Read<T>(string path, int clusters, int features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseMatrix<T> centers = Read<T>(path);
        if (centers.Rows != clusters || centers.Columns != features)
        {
            throw new InvalidDataException(
                $"{path}: the initial centers have shape ({centers.Rows}, {centers.Columns}); expected ({clusters}, {features}) for -k {clusters} and the input's {features} features.");
        }

        return centers;
    }

    private static DenseMatrix<T> Convert<TSource, T>(DenseMatrix<TSource> source)
        where TSource : unmanaged, INumberBase<TSource>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[source.Rows * source.Columns];
        for (int row = 0; row < source.Rows; row++)
        {
            ReadOnlySpan<TSource> from = source.Row(row);
            Span<T> to = values.AsSpan(row * source.Columns, source.Columns);
            for (int column = 0; column < from.Length; column++)
            {
                to[column] = T.CreateTruncating(from[column]);
            }
        }

        return new DenseMatrix<T>(values, source.Rows, source.Columns);
    }
}
