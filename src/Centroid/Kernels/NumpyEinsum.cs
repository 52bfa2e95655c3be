using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Centroid.Kernels;

/// <summary>
/// ‖x‖² as scikit-learn's <c>row_norms(X, squared=True)</c> computes it: NumPy's <c>einsum("ij,ij->i")</c>, whose
/// inner loop (<c>sum_of_products_contig_contig_outstride0_two</c>) keeps one 128-bit vector of running sums (2
/// doubles or 4 floats), adds four vectors of products per step from the last to the first, then the rest one vector at
/// a time (zero-filled), with a multiply and an add (NumPy's baseline build has no FMA), and adds the lanes pairwise.
/// </summary>
/// <remarks>
/// scikit-learn's Lloyd scores every row against <c>row_norms(centers)</c>; on data with exact duplicates (image pixels)
/// many rows sit on a tie between two centers, and a different rounding of one norm flips them, so the norms are
/// reproduced bit for bit (checked against NumPy 1.24 for d = 1..69 by <c>Fixtures/kmeans/make_fixtures.py</c>).
/// </remarks>
internal static class NumpyEinsum
{
    /// <summary>Σ x[i]², in NumPy einsum's order and rounding.</summary>
    public static T SquaredNorm<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        int lanes = Vector128<T>.Count;
        int n = x.Length;
        int i = 0;
        Vector128<T> sum = Vector128<T>.Zero;
        for (; n - i >= 4 * lanes; i += 4 * lanes)
        {
            Vector128<T> a3 = Vector128.LoadUnsafe(ref xr, (nuint)(i + (3 * lanes)));
            Vector128<T> a2 = Vector128.LoadUnsafe(ref xr, (nuint)(i + (2 * lanes)));
            Vector128<T> a1 = Vector128.LoadUnsafe(ref xr, (nuint)(i + lanes));
            Vector128<T> a0 = Vector128.LoadUnsafe(ref xr, (nuint)i);
            sum += a3 * a3;
            sum += a2 * a2;
            sum += a1 * a1;
            sum += a0 * a0;
        }

        for (; i < n; i += lanes)
        {
            sum += Square(LoadZeroFilled(ref xr, i, n - i));
        }

        return lanes == 2
            ? sum.GetElement(0) + sum.GetElement(1)
            : (sum.GetElement(0) + sum.GetElement(1)) + (sum.GetElement(2) + sum.GetElement(3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Square<T>(Vector128<T> v) where T : unmanaged, IFloatingPointIeee754<T> => v * v;

    private static Vector128<T> LoadZeroFilled<T>(ref T x, int start, int available) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (available >= Vector128<T>.Count)
        {
            return Vector128.LoadUnsafe(ref x, (nuint)start);
        }

        Span<T> buffer = stackalloc T[Vector128<T>.Count];
        buffer.Clear();
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref x, start), available).CopyTo(buffer);
        return Vector128.Create<T>(buffer);
    }
}
