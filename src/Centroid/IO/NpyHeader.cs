using System.Collections.ObjectModel;

namespace Centroid.IO;

/// <summary>
/// What an <c>.npy</c> header says about its array: element type, byte order and shape. Returned by
/// <see cref="NpyReader.ReadHeader(string)"/> so a caller can choose <see cref="float"/> or <see cref="double"/>
/// before reading the data.
/// </summary>
/// <remarks>
/// A header is only returned for a file Centroid can read: a supported dtype, C order (or a layout where the order
/// does not matter), and exactly as many data bytes as the shape requires.
/// </remarks>
public sealed class NpyHeader
{
    internal NpyHeader(NpyDataType dataType, string descr, bool isBigEndian, long[] shape, long elementCount, long dataOffset)
    {
        DataType = dataType;
        Descr = descr;
        IsBigEndian = isBigEndian;
        Shape = new ReadOnlyCollection<long>(shape);
        ElementCount = elementCount;
        DataOffset = dataOffset;
    }

    /// <summary>The element type.</summary>
    public NpyDataType DataType { get; }

    /// <summary>The dtype string as written in the file, for example <c>&lt;f8</c> or <c>&gt;i4</c>.</summary>
    public string Descr { get; }

    /// <summary>Whether the file stores its elements big-endian; they are byte-swapped while reading.</summary>
    public bool IsBigEndian { get; }

    /// <summary>The array's dimensions, outermost first (NumPy's <c>shape</c>); empty for a 0-d array.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The number of elements: the product of <see cref="Shape"/>.</summary>
    public long ElementCount { get; }

    /// <summary>The size in bytes of one element.</summary>
    public int ElementSize => NpyFormat.SizeOf(DataType);

    /// <summary>The offset of the first data byte from the start of the file (or zip entry).</summary>
    internal long DataOffset { get; }

    /// <summary>The dtype and shape in NumPy's notation, for example <c>float64 (100, 3)</c>.</summary>
    /// <returns>A short description of the array.</returns>
    public override string ToString() => $"{NpyFormat.Name(DataType)} {NpyFormat.FormatShape(Shape)}";
}
