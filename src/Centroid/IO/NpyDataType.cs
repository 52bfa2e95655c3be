namespace Centroid.IO;

/// <summary>The element types Centroid reads from and writes to NumPy <c>.npy</c> files.</summary>
public enum NpyDataType
{
    /// <summary>32-bit IEEE float (NumPy <c>float32</c>, descr <c>&lt;f4</c>); read as <see cref="float"/>.</summary>
    Float32,

    /// <summary>64-bit IEEE float (NumPy <c>float64</c>, descr <c>&lt;f8</c>); read as <see cref="double"/>.</summary>
    Float64,

    /// <summary>32-bit signed integer (NumPy <c>int32</c>, descr <c>&lt;i4</c>); read as <see cref="int"/> or <see cref="long"/>.</summary>
    Int32,

    /// <summary>64-bit signed integer (NumPy <c>int64</c>, descr <c>&lt;i8</c>); read as <see cref="long"/>, or as <see cref="int"/> when every value fits.</summary>
    Int64,
}
