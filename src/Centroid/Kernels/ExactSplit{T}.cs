using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Centroid.Kernels;

/// <summary>
/// Exact update sums for dense rows (<see cref="SumForm.ExactSplit"/>): each value v of column j, in working coordinates,
/// is split into a high part h, v rounded to a multiple of 2^t_j, and a low part l = v − h, and the sums keep the high
/// parts and the low parts apart, in double. The column's values are all multiples of 2^e (e: the lowest set bit of any
/// of them) and at most M in magnitude; with t = e + 54 − ⌈log2 n⌉, every partial sum of up to n low parts is a multiple
/// of 2^e of magnitude at most n·2^(t−1) = 2^(e+53), and every partial sum of high parts a multiple of 2^t of magnitude
/// at most n·(M + 2^(t−1)); when that is at most 2^(53+t), every such number is a double and every addition and
/// subtraction of parts is exact. So a row can be added to one cluster's sums and subtracted from another's in any order,
/// on any thread, and a sum (its two parts added, one rounding) has the same bits as the exact sum rounded once.
/// </summary>
/// <remarks>
/// The condition holds when a column's values span at most 107 − 2⌈log2 n⌉ bits from the largest to the finest
/// (71 for 200000 rows): shifted float32 data usually needs about 25, float64 about 53 plus the spread of magnitudes.
/// The split is one addition and two subtractions a value: h = (v + C) − C with C = 1.5·2^(52+t) rounds v to a
/// multiple of 2^t (|v| ≤ 2^(50+t) is checked).
/// </remarks>
internal sealed class ExactSplit<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Per column, C = 1.5·2^(52+t).</summary>
    private readonly double[] _round;

    private ExactSplit(double[] round) => _round = round;

    /// <summary>The number of columns.</summary>
    public int Columns => _round.Length;

    /// <summary>
    /// The split for the rows of <paramref name="x"/> minus <paramref name="shift"/> (rounded in T, as the rows are
    /// shifted for the kernels), or null when some column's values span too many bits for exact sums. The rows are
    /// scanned on up to <paramref name="threads"/> threads (the result does not depend on how many).
    /// </summary>
    public static ExactSplit<T>? TryCreate(DenseMatrix<T> x, T[]? shift, int threads = 1)
    {
        int n = x.Rows;
        int d = x.Columns;

        // Contiguous rows are scanned RunRows at a time as one flat run (the shift repeated), so the vectors stay full
        // whatever d is; position p of the run is column p mod d.
        int runRows = x.IsContiguous ? RunRows : 1;
        int run = runRows * d;
        var pattern = new T[run];
        for (int r = 0; r < runRows; r++)
        {
            shift?.CopyTo(pattern, r * d);
        }

        // Each range of rows keeps its own minima and maxima, combined after: the same whatever the ranges.
        int ranges = Math.Clamp(Math.Min(threads, n / (64 * runRows)), 1, 64);
        int rowsPerRange = (n + ranges - 1) / ranges / runRows * runRows;
        var finest = new T[ranges * run];
        var largest = new T[ranges * run];
        finest.AsSpan().Fill(T.PositiveInfinity);
        System.Threading.Tasks.Parallel.For(0, ranges, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = ranges }, range =>
        {
            var values = new T[run];
            ReadOnlySpan<T> data = x.Memory.Span;
            int first = range * rowsPerRange;
            int end = range == ranges - 1 ? n : Math.Min(n, first + rowsPerRange);
            Span<T> rangeFinest = finest.AsSpan(range * run, run);
            Span<T> rangeLargest = largest.AsSpan(range * run, run);
            for (int i = first; i < end; i += runRows)
            {
                int length = Math.Min(runRows, end - i) * d;
                ReadOnlySpan<T> source = x.IsContiguous ? data.Slice(i * d, length) : x.Row(i);
                VectorMath.Subtract<T>(source, pattern.AsSpan(0, length), values.AsSpan(0, length));
                Scan(values.AsSpan(0, length), rangeFinest, rangeLargest);
            }
        });
        run = ranges * run;

        int log2Rows = n <= 1 ? 0 : BitOperations.Log2((uint)(n - 1)) + 1;
        var round = new double[d];
        for (int f = 0; f < d; f++)
        {
            double lowest = double.PositiveInfinity;
            double m = 0;
            for (int p = f; p < run; p += d)
            {
                lowest = Math.Min(lowest, double.CreateTruncating(finest[p]));
                m = Math.Max(m, double.CreateTruncating(largest[p]));
            }

            if (double.IsPositiveInfinity(lowest))
            {
                round[f] = Math.ScaleB(1.5, 52);  // every value 0: any split is exact
                continue;
            }

            int t = DoubleBits.LowestBitExponent(lowest) + 54 - log2Rows;
            double high = Math.ScaleB(1.0, 53 + t);

            // n·M is rounded on the way: a little headroom covers that.
            if (!double.IsFinite(high) || m > Math.ScaleB(1.0, 50 + t) || ((double)n * m * (1 + 1e-12)) + ((double)n * Math.ScaleB(1.0, t - 1)) > high)
            {
                return null;
            }

            round[f] = Math.ScaleB(1.5, 52 + t);
        }

        return new ExactSplit<T>(round);
    }

    /// <summary>Rows scanned together by <see cref="TryCreate"/>.</summary>
    private const int RunRows = 16;

    /// <summary>
    /// Per position, the smallest value of a lowest set bit (2^e for the finest e) and the largest magnitude so far,
    /// updated with <paramref name="values"/>. The lowest set bit of v is |v − v'|, v' being v with that bit cleared in
    /// its representation (an exact difference: same exponent), or |v| itself when v is a power of two; zeros count as +∞.
    /// </summary>
    private static void Scan(ReadOnlySpan<T> values, Span<T> finest, Span<T> largest)
    {
        ref T v = ref MemoryMarshal.GetReference(values);
        ref T lowRef = ref MemoryMarshal.GetReference(finest);
        ref T maxRef = ref MemoryMarshal.GetReference(largest);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
        {
            for (; i + Vector256<T>.Count <= values.Length; i += Vector256<T>.Count)
            {
                Vector256<T> x = Vector256.LoadUnsafe(ref v, (nuint)i);
                Vector256<T> low = LowestBit(x);
                Vector256.Min(low, Vector256.LoadUnsafe(ref lowRef, (nuint)i)).StoreUnsafe(ref lowRef, (nuint)i);
                Vector256.Max(Vector256.Abs(x), Vector256.LoadUnsafe(ref maxRef, (nuint)i)).StoreUnsafe(ref maxRef, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            double x = double.CreateTruncating(Unsafe.Add(ref v, i));
            if (x != 0)
            {
                T low = T.CreateTruncating(Math.ScaleB(1.0, DoubleBits.LowestBitExponent(x)));
                Unsafe.Add(ref lowRef, i) = T.Min(Unsafe.Add(ref lowRef, i), low);
                Unsafe.Add(ref maxRef, i) = T.Max(Unsafe.Add(ref maxRef, i), T.Abs(Unsafe.Add(ref v, i)));
            }
        }
    }

    /// <summary>Each lane's lowest set bit as a value (see <see cref="Scan"/>); +∞ for zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> LowestBit(Vector256<T> x)
    {
        Vector256<T> magnitude = Vector256.Abs(x);
        Vector256<T> low;
        if (typeof(T) == typeof(float))
        {
            Vector256<int> bits = magnitude.AsInt32();
            Vector256<float> cleared = (bits & (bits - Vector256<int>.One)).AsSingle();
            Vector256<int> fraction = bits & Vector256.Create(0x007FFFFF);
            Vector256<float> difference = magnitude.AsSingle() - cleared;
            low = Vector256.ConditionalSelect(Vector256.Equals(fraction, Vector256<int>.Zero).AsSingle(), magnitude.AsSingle(), difference).As<float, T>();
        }
        else
        {
            Vector256<long> bits = magnitude.AsInt64();
            Vector256<double> cleared = (bits & (bits - Vector256<long>.One)).AsDouble();
            Vector256<long> fraction = bits & Vector256.Create(0x000FFFFFFFFFFFFFL);
            Vector256<double> difference = magnitude.AsDouble() - cleared;
            low = Vector256.ConditionalSelect(Vector256.Equals(fraction, Vector256<long>.Zero).AsDouble(), magnitude.AsDouble(), difference).As<double, T>();
        }

        return Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<T>.Zero), Vector256.Create(T.PositiveInfinity), low);
    }

    /// <summary>Adds the row <paramref name="x"/> (working coordinates) to a cluster's high and low sums (d each).</summary>
    public void Add(ReadOnlySpan<T> x, Span<double> high, Span<double> low) => Accumulate<Plus>(x, high, low);

    /// <summary>Subtracts the row <paramref name="x"/> from a cluster's high and low sums, undoing <see cref="Add"/> exactly.</summary>
    public void Subtract(ReadOnlySpan<T> x, Span<double> high, Span<double> low) => Accumulate<Minus>(x, high, low);

    /// <summary>
    /// A sum from its parts: high + low, one rounding of the exact sum. <paramref name="high"/> is overwritten
    /// with the result.
    /// </summary>
    public static void Combine(Span<double> high, ReadOnlySpan<double> low)
    {
        for (int f = 0; f < high.Length; f++)
        {
            high[f] += low[f];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Accumulate<TSign>(ReadOnlySpan<T> x, Span<double> high, Span<double> low) where TSign : struct, ISign
    {
        int d = _round.Length;
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref double c = ref MemoryMarshal.GetArrayDataReference(_round);
        ref double h = ref MemoryMarshal.GetReference(high);
        ref double l = ref MemoryMarshal.GetReference(low);
        int f = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; f + 4 <= d; f += 4)
            {
                Vector256<double> v = Widen(ref Unsafe.Add(ref xs, f));
                Vector256<double> round = Vector256.LoadUnsafe(ref c, (nuint)f);
                Vector256<double> hi = (v + round) - round;
                Vector256<double> lo = v - hi;
                TSign.Apply(hi, ref h, f);
                TSign.Apply(lo, ref l, f);
            }
        }

        for (; f < d; f++)
        {
            double v = double.CreateTruncating(Unsafe.Add(ref xs, f));
            double round = Unsafe.Add(ref c, f);
            double hi = (v + round) - round;
            double lo = v - hi;
            Unsafe.Add(ref h, f) = TSign.Apply(Unsafe.Add(ref h, f), hi);
            Unsafe.Add(ref l, f) = TSign.Apply(Unsafe.Add(ref l, f), lo);
        }
    }

    /// <summary>Four consecutive values as doubles (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen(ref T x)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref x));
        }

        if (typeof(T) == typeof(float))
        {
            Vector128<float> v = Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref x));
            return Avx.IsSupported ? Avx.ConvertToVector256Double(v) : Vector256.Create(Vector128.WidenLower(v), Vector128.WidenUpper(v));
        }

        return Vector256.Create(
            double.CreateTruncating(x), double.CreateTruncating(Unsafe.Add(ref x, 1)), double.CreateTruncating(Unsafe.Add(ref x, 2)), double.CreateTruncating(Unsafe.Add(ref x, 3)));
    }

    private interface ISign
    {
        static abstract void Apply(Vector256<double> part, ref double sums, int f);

        static abstract double Apply(double sum, double part);
    }

    private readonly struct Plus : ISign
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Apply(Vector256<double> part, ref double sums, int f) =>
            (Vector256.LoadUnsafe(ref sums, (nuint)f) + part).StoreUnsafe(ref sums, (nuint)f);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Apply(double sum, double part) => sum + part;
    }

    private readonly struct Minus : ISign
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Apply(Vector256<double> part, ref double sums, int f) =>
            (Vector256.LoadUnsafe(ref sums, (nuint)f) - part).StoreUnsafe(ref sums, (nuint)f);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Apply(double sum, double part) => sum - part;
    }
}
