namespace Centroid.IO;

/// <summary>An <c>.npy</c> header as parsed, before its dtype is checked against what Centroid supports.</summary>
/// <param name="Descr">The dtype string, or null when the descr is not a string (a structured dtype).</param>
/// <param name="DescrRepr">The descr in Python notation, for error messages.</param>
/// <param name="FortranOrder">The header's <c>fortran_order</c> flag.</param>
/// <param name="Shape">The dimensions, each at least zero.</param>
/// <param name="DataOffset">The offset of the first data byte from the start of the stream.</param>
internal sealed record NpyRawHeader(string? Descr, string DescrRepr, bool FortranOrder, long[] Shape, long DataOffset);
