using System.Numerics;

namespace Centroid.Kernels;

/// <summary>Facts about a double read from its bits, for the checks that sums are exact (<see cref="SumForm"/>).</summary>
internal static class DoubleBits
{
    /// <summary>The exponent of the lowest set bit of finite, non-zero <paramref name="v"/>: v is a whole multiple of 2 to that power.</summary>
    public static int LowestBitExponent(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v) & long.MaxValue;
        int biased = (int)(bits >> 52);
        long fraction = bits & ((1L << 52) - 1);
        return biased == 0
            ? -1074 + BitOperations.TrailingZeroCount(fraction)
            : biased - 1075 + BitOperations.TrailingZeroCount(fraction | (1L << 52));
    }
}
