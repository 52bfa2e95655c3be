namespace Centroid.Cli.Profiling;

/// <summary>One data file the profile fits, with the 200-row file that measures the same command without the data.</summary>
/// <param name="DataType"><c>float32</c> or <c>float64</c>.</param>
/// <param name="Format"><c>dense</c> (<c>.npy</c>) or <c>csr</c> (SciPy <c>.npz</c>).</param>
/// <param name="Path">The file of <paramref name="Rows"/> rows.</param>
/// <param name="BaselinePath">The file of the first <paramref name="BaselineRows"/> of those rows, in the same format.</param>
/// <param name="Rows">The number of samples.</param>
/// <param name="BaselineRows">The number of samples in the baseline file.</param>
/// <param name="Columns">The number of features.</param>
/// <param name="Bytes">The size of the data in memory: n·d·s for dense; data + indices + indptr for CSR.</param>
internal sealed record ProfileInput(string DataType, string Format, string Path, string BaselinePath, int Rows, int BaselineRows, int Columns, long Bytes)
{
    /// <summary><c>float64 dense</c>, <c>float32 csr</c>, …</summary>
    public string Name => $"{DataType} {Format}";
}
