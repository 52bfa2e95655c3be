using System.Numerics;
using Centroid.Cli.Input;
using Centroid.Cli.Output;
using Centroid.IO;

namespace Centroid.Cli.Commands;

/// <summary>
/// <c>centroid predict</c>: labels each sample of INPUT with its nearest center and writes <c>labels.npy</c> (int32).
/// INPUT's element type is used; the small centers array is converted to it.
/// </summary>
internal static class PredictCommand
{
    /// <summary>Runs the prediction described by <paramref name="settings"/>.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(PredictSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        InputFile input = InputFile.Inspect(settings.InputPath);
        InputFile.RequireExists(settings.CentersPath);
        OutputDirectory.Create(settings.OutputDirectory);
        return input.DataType == NpyDataType.Float32
            ? Run<float>(settings, input, console, cancellationToken)
            : Run<double>(settings, input, console, cancellationToken);
    }

    private static int Run<T>(PredictSettings settings, InputFile input, CliConsole console, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The centers first: a bad centers file is found before a long read of the data.
        DenseMatrix<T> centers = CentersFile.Read<T>(settings.CentersPath);
        InputMatrix<T> data = InputMatrix<T>.Read(input);
        if (data.Columns != centers.Columns)
        {
            throw new InvalidDataException(
                $"{input.Path}: the data has {data.Columns} features but the centers in {settings.CentersPath} have {centers.Columns}.");
        }

        // Prediction cannot be interrupted part-way; Ctrl+C takes effect before and after it.
        cancellationToken.ThrowIfCancellationRequested();
        int[] labels = data.Predict(KMeansModel<T>.FromCenters(centers));
        cancellationToken.ThrowIfCancellationRequested();

        string labelsPath = Path.Combine(settings.OutputDirectory, FitOutputFiles.Labels);
        NpyWriter.Write<int>(labelsPath, labels);
        console.Output.WriteLine(
            $"labelled {data.Rows} samples of {input.Path} ({DataTypeNames.Of<T>()}, {input.FormatName}) with the {centers.Rows} centers of {settings.CentersPath}");
        console.Output.WriteLine($"written to: {labelsPath}");
        return ExitCodes.Success;
    }
}
