using Centroid.IO;

namespace Centroid.Cli.Input;

/// <summary>NumPy's names for element types, as the tool prints them and accepts them in <c>--dtype</c>.</summary>
internal static class DataTypeNames
{
    public const string Float32 = "float32";
    public const string Float64 = "float64";

    public static string Of(NpyDataType type) => type switch
    {
        NpyDataType.Float32 => Float32,
        NpyDataType.Float64 => Float64,
        NpyDataType.Int32 => "int32",
        NpyDataType.Int64 => "int64",
        _ => type.ToString(),
    };

    public static string Of<T>() => typeof(T) == typeof(float) ? Float32 : Float64;
}
