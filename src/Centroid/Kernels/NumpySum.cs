using System.Numerics;

namespace Centroid.Kernels;

/// <summary>
/// NumPy's summation of a contiguous 1-D array (<c>np.sum</c>, <c>np.mean</c>): blocks of 8192 added in turn, each
/// block summed pairwise. Reproduced where scikit-learn sums a short vector and the result feeds a decision
/// (the mean of the per-feature variances behind <c>tol</c>, the total squared center shift).
/// </summary>
internal static class NumpySum
{
    private const int BlockSize = 8192;

    /// <summary>Σ values[i], summed as NumPy sums a contiguous array of the same type.</summary>
    public static T Sum<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int start = 0; start < values.Length; start += BlockSize)
        {
            total += Pairwise(values.Slice(start, Math.Min(BlockSize, values.Length - start)));
        }

        return total;
    }

    private static T Pairwise<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        if (n < 8)
        {
            // NumPy starts this case from -0.0 for the identity; adding it to a finite sum changes nothing.
            T s = T.Zero;
            for (int i = 0; i < n; i++)
            {
                s += x[i];
            }

            return s;
        }

        if (n <= 128)
        {
            T r0 = x[0], r1 = x[1], r2 = x[2], r3 = x[3], r4 = x[4], r5 = x[5], r6 = x[6], r7 = x[7];
            int i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += x[i];
                r1 += x[i + 1];
                r2 += x[i + 2];
                r3 += x[i + 3];
                r4 += x[i + 4];
                r5 += x[i + 5];
                r6 += x[i + 6];
                r7 += x[i + 7];
            }

            T result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                result += x[i];
            }

            return result;
        }

        int half = n / 2;
        half -= half % 8;
        return Pairwise(x[..half]) + Pairwise(x[half..]);
    }
}
