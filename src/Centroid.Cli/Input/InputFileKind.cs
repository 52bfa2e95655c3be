namespace Centroid.Cli.Input;

/// <summary>The file formats the tool reads data from, told apart by extension.</summary>
internal enum InputFileKind
{
    /// <summary>A NumPy <c>.npy</c> file holding a dense 2-D array.</summary>
    Npy,

    /// <summary>A SciPy <c>.npz</c> file holding a CSR matrix.</summary>
    Npz,

    /// <summary>A numeric <c>.csv</c> file, read as a dense matrix.</summary>
    Csv,
}
