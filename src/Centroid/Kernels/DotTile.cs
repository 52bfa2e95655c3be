using System.Numerics;
using System.Runtime.CompilerServices;

namespace Centroid.Kernels;

/// <summary>
/// The register tiles of the dense kernels (<see cref="DenseAssignKernel"/>, <see cref="DenseScoreKernel"/>): the dot
/// products of four consecutive rows with two vectors of centers (eight accumulators), or with one (four), the centers
/// read from the transposed layout (<see cref="CenterSet{T}.Transposed"/>: the W centers of a vector are contiguous for
/// each feature, features <c>stride</c> apart). Per feature, the tile loads the center vectors once and broadcasts each
/// row's value once. Each dot product is summed in feature order with one FMA per feature, at every width, so every
/// kernel gives the same bits for the same row and center.
/// </summary>
/// <remarks>Inlined into each kernel, where the accumulators stay in registers.</remarks>
internal static class DotTile
{
    /// <summary>
    /// a<sub>rv</sub> = x<sub>r</sub> · (centers of vector v) for rows r = 0…3 (<paramref name="x0"/> and the three rows
    /// after it, <paramref name="features"/> apart) and the two vectors of centers from <paramref name="column"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FourByTwo<T, TSimd, TVector>(
        ref T x0, int features, ref T column, int stride,
        out TVector a00, out TVector a01, out TVector a10, out TVector a11, out TVector a20, out TVector a21, out TVector a30, out TVector a31)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        nuint w = (nuint)TSimd.Count;
        ref T x1 = ref Unsafe.Add(ref x0, features);
        ref T x2 = ref Unsafe.Add(ref x1, features);
        ref T x3 = ref Unsafe.Add(ref x2, features);
        a00 = TSimd.Zero;
        a01 = TSimd.Zero;
        a10 = TSimd.Zero;
        a11 = TSimd.Zero;
        a20 = TSimd.Zero;
        a21 = TSimd.Zero;
        a30 = TSimd.Zero;
        a31 = TSimd.Zero;
        ref T c = ref column;
        for (int f = 0; f < features; f++)
        {
            TVector c0 = TSimd.Load(ref c, 0);
            TVector c1 = TSimd.Load(ref c, w);
            TVector v = TSimd.Broadcast(Unsafe.Add(ref x0, f));
            a00 = TSimd.MultiplyAdd(v, c0, a00);
            a01 = TSimd.MultiplyAdd(v, c1, a01);
            v = TSimd.Broadcast(Unsafe.Add(ref x1, f));
            a10 = TSimd.MultiplyAdd(v, c0, a10);
            a11 = TSimd.MultiplyAdd(v, c1, a11);
            v = TSimd.Broadcast(Unsafe.Add(ref x2, f));
            a20 = TSimd.MultiplyAdd(v, c0, a20);
            a21 = TSimd.MultiplyAdd(v, c1, a21);
            v = TSimd.Broadcast(Unsafe.Add(ref x3, f));
            a30 = TSimd.MultiplyAdd(v, c0, a30);
            a31 = TSimd.MultiplyAdd(v, c1, a31);
            c = ref Unsafe.Add(ref c, stride);
        }
    }

    /// <summary>a<sub>r</sub> = x<sub>r</sub> · (centers of the vector from <paramref name="column"/>) for rows r = 0…3, as <see cref="FourByTwo"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FourByOne<T, TSimd, TVector>(
        ref T x0, int features, ref T column, int stride, out TVector a0, out TVector a1, out TVector a2, out TVector a3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        ref T x1 = ref Unsafe.Add(ref x0, features);
        ref T x2 = ref Unsafe.Add(ref x1, features);
        ref T x3 = ref Unsafe.Add(ref x2, features);
        a0 = TSimd.Zero;
        a1 = TSimd.Zero;
        a2 = TSimd.Zero;
        a3 = TSimd.Zero;
        ref T c = ref column;
        for (int f = 0; f < features; f++)
        {
            TVector c0 = TSimd.Load(ref c, 0);
            a0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x0, f)), c0, a0);
            a1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x1, f)), c0, a1);
            a2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x2, f)), c0, a2);
            a3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref x3, f)), c0, a3);
            c = ref Unsafe.Add(ref c, stride);
        }
    }
}
