using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// The CSR assignment kernel: the nearest center of one sparse row by ‖c‖² − 2 x·c. With the centers stored
/// feature-major (<see cref="CenterSet{T}.Transposed"/>), each stored entry (j, v) of the row is one broadcast of v
/// and k/W FMAs into the row's k dot products — a contiguous load of center values instead of k scattered ones.
/// </summary>
/// <remarks>
/// The dot products are summed entry by entry in stored order for every center, as scikit-learn does, with FMAs.
/// Padding centers (norm +∞) never win; ties go to the lowest center index.
/// </remarks>
internal static class CsrAssignKernel
{
    /// <summary>The best center of the row (<paramref name="indices"/>, <paramref name="values"/>) and its score, at the widest accelerated width.</summary>
    public static int Nearest<T>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, Span<T> dots, out T score)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            return Nearest<T, Simd512<T>, Vector512<T>>(indices, values, centers, dots, out score);
        }

        if (Simd256<T>.IsAccelerated)
        {
            return Nearest<T, Simd256<T>, Vector256<T>>(indices, values, centers, dots, out score);
        }

        return Nearest<T, SimdScalar<T>, T>(indices, values, centers, dots, out score);
    }

    /// <summary>The kernel at one vector width; <paramref name="dots"/> is scratch of <see cref="CenterSet{T}.PaddedClusters"/> + <see cref="CenterSet{T}.MaxLanes"/> elements.</summary>
    internal static int Nearest<T, TSimd, TVector>(ReadOnlySpan<int> indices, ReadOnlySpan<T> values, CenterSet<T> centers, Span<T> dots, out T score)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        int stride = centers.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetArrayDataReference(centers.Transposed);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(centers.PaddedNorms);
        TVector minusTwo = TSimd.Broadcast(T.CreateTruncating(-2));
        TVector best = TSimd.Broadcast(T.PositiveInfinity);
        TVector bestIndex = TSimd.Zero;
        if (stride <= 4 * w)
        {
            // Few centers: the k dot products live in 4 registers (lanes past k read the slack, see CenterSet).
            TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            for (int e = 0; e < values.Length; e++)
            {
                TVector v = TSimd.Broadcast(values[e]);
                ref T column = ref Unsafe.Add(ref ct, indices[e] * stride);
                a0 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, 0), a0);
                a1 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)w), a1);
                a2 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)(2 * w)), a2);
                a3 = TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)(3 * w)), a3);
            }

            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a0, TSimd.Load(ref norms, 0)), TSimd.Sequence(T.Zero), ref best, ref bestIndex);
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a1, TSimd.Load(ref norms, (nuint)w)), TSimd.Sequence(T.CreateTruncating(w)), ref best, ref bestIndex);
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a2, TSimd.Load(ref norms, (nuint)(2 * w))), TSimd.Sequence(T.CreateTruncating(2 * w)), ref best, ref bestIndex);
            TSimd.KeepSmaller(TSimd.MultiplyAdd(minusTwo, a3, TSimd.Load(ref norms, (nuint)(3 * w))), TSimd.Sequence(T.CreateTruncating(3 * w)), ref best, ref bestIndex);
            score = TSimd.Reduce(best, bestIndex, out T nearest);
            return int.CreateTruncating(nearest);
        }

        ref T acc = ref MemoryMarshal.GetReference(dots);
        dots.Clear();
        for (int e = 0; e < values.Length; e++)
        {
            TVector v = TSimd.Broadcast(values[e]);
            ref T column = ref Unsafe.Add(ref ct, indices[e] * stride);
            for (int c = 0; c < stride; c += w)
            {
                TSimd.Store(TSimd.MultiplyAdd(v, TSimd.Load(ref column, (nuint)c), TSimd.Load(ref acc, (nuint)c)), ref acc, (nuint)c);
            }
        }

        for (int c = 0; c < stride; c += w)
        {
            TVector s = TSimd.MultiplyAdd(minusTwo, TSimd.Load(ref acc, (nuint)c), TSimd.Load(ref norms, (nuint)c));
            TSimd.KeepSmaller(s, TSimd.Sequence(T.CreateTruncating(c)), ref best, ref bestIndex);
        }

        score = TSimd.Reduce(best, bestIndex, out T label);
        return int.CreateTruncating(label);
    }
}
