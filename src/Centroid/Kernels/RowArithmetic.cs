using System.Numerics;
using System.Runtime.CompilerServices;

namespace Centroid.Kernels;

/// <summary>
/// The two per-row operations the bounds algorithms share with Lloyd — shifting a row into working coordinates and
/// adding it to its cluster's sum — as <see cref="VectorMath.Subtract{T}"/> and <see cref="VectorMath.AddScaled{T}"/>
/// (inlined here, so the same arithmetic), but compiled fully optimized at the first call: a fit's first iterations
/// otherwise run them unoptimized until tiering catches up, and the first iterations are where the bounds algorithms
/// read every row.
/// </summary>
internal static class RowArithmetic
{
    /// <summary>destination[i] = a[i] − b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Subtract<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        VectorMath.Subtract(a, b, destination);

    /// <summary>accumulator[i] = fma(x[i], w, accumulator[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled<T>(ReadOnlySpan<T> x, T w, Span<T> accumulator) where T : unmanaged, IFloatingPointIeee754<T> =>
        VectorMath.AddScaled(x, w, accumulator);
}
