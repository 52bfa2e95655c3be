using Centroid.Cli.Input;
using Centroid.Cli.Output;
using Centroid.IO;

namespace Centroid.Cli.Commands;

/// <summary>
/// <c>centroid demo</c>: generates uniform data, writes it to <c>DIR/data.npy</c>, and runs <see cref="FitCommand"/> on
/// that file, so the demo exercises exactly the path a real fit takes.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The name of the generated data file in the output directory.</summary>
    public const string DataFile = "data.npy";

    /// <summary>Generates the data and fits it.</summary>
    /// <returns>The exit code.</returns>
    public static int Run(DemoSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        OutputDirectory.Create(settings.OutputDirectory);
        string dataPath = Path.Combine(settings.OutputDirectory, DataFile);
        double[] data = GenerateUniform(settings.Samples, settings.Features, settings.Seed);
        NpyWriter.Write<double>(dataPath, data, settings.Samples, settings.Features);
        console.Output.WriteLine(
            $"demo data:  {settings.Samples} x {settings.Features} uniform [0, 1) {DataTypeNames.Float64}, seed {settings.Seed}, written to {dataPath}");

        var fit = new FitSettings
        {
            InputPath = dataPath,
            Clusters = settings.Clusters,
            Seed = (uint)settings.Seed,
            OutputDirectory = settings.OutputDirectory,
        };
        return FitCommand.Run(fit, console, cancellationToken);
    }

    /// <summary>
    /// Row-major <paramref name="rows"/> × <paramref name="columns"/> values from <c>new System.Random(seed).NextDouble()</c>,
    /// in order. The same seed gives the same data on a given .NET version; .NET does not promise the seeded
    /// sequence across versions, so the demo is a smoke test and a timing, not a reference result.
    /// </summary>
    private static double[] GenerateUniform(int rows, int columns, int seed)
    {
        var random = new System.Random(seed);
        var data = new double[rows * columns];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = random.NextDouble();
        }

        return data;
    }
}
