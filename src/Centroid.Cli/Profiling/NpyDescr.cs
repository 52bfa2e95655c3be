namespace Centroid.Cli.Profiling;

/// <summary>NumPy's dtype strings for the element types the profile writes, in this machine's byte order.</summary>
internal static class NpyDescr
{
    /// <summary>The descr of <typeparamref name="T"/>: <c>&lt;f8</c>, <c>&lt;f4</c>, <c>&lt;i4</c> or <c>&lt;i8</c> on a little-endian machine.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not double, float, int or long.</exception>
    public static string Of<T>()
    {
        // The bytes are written as they are in memory, so the descr names this machine's byte order.
        char order = BitConverter.IsLittleEndian ? '<' : '>';
        string code = typeof(T) == typeof(double) ? "f8"
            : typeof(T) == typeof(float) ? "f4"
            : typeof(T) == typeof(int) ? "i4"
            : typeof(T) == typeof(long) ? "i8"
            : throw new NotSupportedException($"No .npy dtype for {typeof(T).Name}.");
        return order + code;
    }
}
