using Centroid.Cli.CommandLine;
using Centroid.IO;

namespace Centroid.Cli.Input;

/// <summary>
/// A data file named on the command line, before its data is read: its format (from the extension) and its element
/// type (from the file's header, or <c>--dtype</c> for CSV), which decides whether the fit runs in float or double.
/// </summary>
/// <param name="Path">The path as given.</param>
/// <param name="Kind">The format.</param>
/// <param name="DataType">The element type of the data, float32 or float64.</param>
internal sealed record InputFile(string Path, InputFileKind Kind, NpyDataType DataType)
{
    private const string AcceptedExtensions = ".npy, .npz, .csv";

    /// <summary>"csr" for a SciPy sparse file, "dense" otherwise.</summary>
    public string FormatName => Kind == InputFileKind.Npz ? "csr" : "dense";

    /// <summary>The format of <paramref name="path"/>, from its extension.</summary>
    /// <exception cref="UsageException">The extension is not one the tool reads.</exception>
    public static InputFileKind KindOf(string path)
    {
        string extension = System.IO.Path.GetExtension(path);
        return extension.ToLowerInvariant() switch
        {
            ".npy" => InputFileKind.Npy,
            ".npz" => InputFileKind.Npz,
            ".csv" => InputFileKind.Csv,
            _ => throw new UsageException(
                $"cannot tell the format of '{path}' from its extension{(extension.Length == 0 ? string.Empty : $" '{extension}'")}; accepted: {AcceptedExtensions}"),
        };
    }

    /// <summary>Checks that the file exists and reads its element type from its header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="csvDataType">The element type for CSV input; float64 when null.</param>
    /// <exception cref="UsageException">The extension is not one the tool reads.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is invalid, or the data is not float32 or float64.</exception>
    public static InputFile Inspect(string path, NpyDataType? csvDataType = null)
    {
        InputFileKind kind = KindOf(path);
        RequireExists(path);
        NpyDataType dataType = kind switch
        {
            InputFileKind.Npy => NpyReader.ReadHeader(path).DataType,
            InputFileKind.Npz => NpzReader.ReadHeader(path).DataType,
            _ => csvDataType ?? NpyDataType.Float64,
        };

        if (dataType is not (NpyDataType.Float32 or NpyDataType.Float64))
        {
            throw new InvalidDataException(
                $"{path}: the data is {DataTypeNames.Of(dataType)}; centroid clusters float32 or float64 data. Convert it in NumPy with x.astype(np.float64).");
        }

        return new InputFile(path, kind, dataType);
    }

    /// <summary>Throws the tool's "file not found" error when <paramref name="path"/> is not an existing file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (or is a directory).</exception>
    public static void RequireExists(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"file not found: {path}", path);
        }
    }
}
