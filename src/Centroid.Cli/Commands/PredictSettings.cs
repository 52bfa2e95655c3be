using Centroid.Cli.CommandLine;
using Centroid.Cli.Input;

namespace Centroid.Cli.Commands;

/// <summary>The settings of <c>centroid predict CENTERS.npy INPUT --out DIR</c>.</summary>
/// <param name="CentersPath">A k × d <c>.npy</c> of centers.</param>
/// <param name="InputPath">The data to label.</param>
/// <param name="OutputDirectory">Where <c>labels.npy</c> goes.</param>
internal sealed record PredictSettings(string CentersPath, string InputPath, string OutputDirectory)
{
    /// <summary>Parses the arguments after <c>predict</c>.</summary>
    /// <exception cref="UsageException">An unknown option, a missing value, or not exactly CENTERS.npy and INPUT.</exception>
    public static PredictSettings Parse(IReadOnlyList<string> arguments)
    {
        var reader = new ArgumentReader(arguments, "predict");
        var files = new List<string>(2);
        string? outputDirectory = null;
        while (reader.MoveNext())
        {
            if (!reader.IsOption)
            {
                files.Add(files.Count < 2
                    ? reader.Current
                    : throw new UsageException($"unexpected argument '{reader.Current}'; predict takes CENTERS.npy and INPUT"));
            }
            else if (reader.Current == "--out")
            {
                outputDirectory = reader.ReadValue();
            }
            else
            {
                throw reader.UnknownOption();
            }
        }

        if (files.Count < 2)
        {
            throw new UsageException("predict needs CENTERS.npy and INPUT");
        }

        if (!files[0].EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"the centers must be a .npy file; got '{files[0]}'");
        }

        InputFile.KindOf(files[1]);
        return new PredictSettings(files[0], files[1], outputDirectory ?? throw new UsageException("predict needs an output directory: --out DIR"));
    }
}
