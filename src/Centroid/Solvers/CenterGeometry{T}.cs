using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>
/// What the bounds algorithms know about the centers of one iteration, and the arithmetic that keeps their pruning
/// exact: distance bounds derived from Lloyd's scores, and the test that proves a center cannot beat (or tie) the
/// current one under Lloyd's own rounded comparison.
/// </summary>
/// <remarks>
/// <para><b>Why a margin.</b> Lloyd chooses argmin_j ŝ_j, where ŝ_j is the rounded score fl(‖c_j‖² − 2 x·c_j) of
/// <see cref="DenseAssignKernel"/> (ties to the lowest index). The bounds speak of true Euclidean distances D_j. With
/// s_j = D_j² − ‖x‖² the exact score, a dot product of m terms summed by FMA, a norm of d terms and one final FMA give
/// |ŝ_j − s_j| ≤ γ_{m+1}(‖c_j‖² + 2 Σ|x_f c_jf|) ≤ K·C·(C + 2a), with γ_n = n·u/(1 − n·u), u the unit roundoff of T,
/// K = 1.25·(m + 2)·u ≥ γ_{m+1} (valid while (m + 2)·u ≤ 0.2), C ≥ max_j ‖c_j‖ and a ≥ ‖x‖ (Cauchy–Schwarz; a CSR row
/// with a repeated column index breaks this, so such data runs Lloyd). Call E = K·C·(C + 2a).</para>
/// <para><b>The test.</b> If u ≥ D_a (upper bound, a the current label) and L ≤ D_j, then L² > u² + 2E implies
/// ŝ_j ≥ D_j² − ‖x‖² − E > u² − ‖x‖² + E ≥ ŝ_a: center j's rounded score is strictly above the current center's, so it
/// can neither win nor tie. <see cref="Margin"/> is 2E with a = <see cref="RowNormBound"/> (the largest row norm), so
/// one constant serves every row without reading it; with the row at hand <see cref="RowMargin"/> uses its own norm.
/// Every pruning decision goes through <see cref="Proves"/>, which also subtracts <see cref="Slack"/> from L and adds
/// it to u, and multiplies the right-hand side by 1 + 2⁻⁴⁰, covering the double-precision rounding of the bound
/// bookkeeping (each stored bound is one rounded value plus a cumulative drift that has gone through at most one
/// rounding per iteration, all of magnitude ≤ <c>scale</c>; Slack = (iterations + 8)·2⁻⁵⁰·scale is four times that).
/// Whatever a bound cannot prove is computed with the kernel's exact arithmetic (<see cref="ExactScore"/>), so the
/// labels are Lloyd's, near-ties and exact ties included.</para>
/// <para><b>Bounds from scores.</b> A computed score ŝ and the row's ‖x‖² = q (in double) give
/// D² ∈ [ŝ + q − E − δq, ŝ + q + E + δq] (δ = (d + 4)·2⁻⁵² covers the double sums); <see cref="UpperFromScore"/> and
/// <see cref="LowerFromScore"/> take the square roots rounded outwards. So one exact score serves both the decision and
/// the bounds.</para>
/// <para><b>Drift.</b> Bounds are stored relative to a per-center cumulative shift (<see cref="Drift"/>: Σ over
/// iterations of an upper bound of ‖c_j(t) − c_j(t−1)‖): an upper bound set when the drift was P₀ holds u + (P − P₀)
/// now, a lower bound l − (P − P₀). Storing u − P₀ and l + P₀ means a bound is read, never rewritten, until the row is
/// looked at again — the pass over rows that pass the test touches no bounds array but its own row.</para>
/// </remarks>
internal sealed class CenterGeometry<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Up = 1 + (1.0 / (1L << 50));
    private const double Down = 1 - (1.0 / (1L << 50));
    private const double Relative = 1 + (1.0 / (1L << 40));

    private readonly int _k;
    private readonly int _d;
    private readonly double _distanceError;
    private readonly double[] _points;
    private readonly ulong[] _keys;
    private double _largestDrift;
    private double _scoreErrorBound;
    private int _iterations;

    /// <summary>Tables for <paramref name="clusters"/> centers of <paramref name="features"/> features; dot products of at most <paramref name="maxTerms"/> terms.</summary>
    /// <param name="clusters">k.</param>
    /// <param name="features">d.</param>
    /// <param name="maxTerms">The most products in one score (d dense; the longest CSR row).</param>
    /// <param name="pairwise">Keep the k × k center distances (Elkan, Exponion, Yinyang); otherwise only each center's nearest other.</param>
    /// <param name="neighbors">Keep each center's other centers sorted by distance (Exponion).</param>
    public CenterGeometry(int clusters, int features, int maxTerms, bool pairwise, bool neighbors)
    {
        _k = clusters;
        _d = features;
        double unit = double.CreateTruncating(T.BitIncrement(T.One) - T.One) / 2;
        ScoreError = 1.25 * (maxTerms + 2) * unit;
        _distanceError = (features + 4) / (double)(1L << 52);
        Drift = new double[clusters];
        Shift = new double[clusters];
        _points = new double[clusters * features];
        _keys = neighbors ? new ulong[Math.Max(1, clusters - 1)] : [];
        NearestOther = new double[clusters];
        Pairwise = pairwise || neighbors ? new double[clusters * clusters] : [];
        if (neighbors)
        {
            NeighborOrder = new int[clusters * Math.Max(0, clusters - 1)];
            NeighborDistance = new double[clusters * Math.Max(0, clusters - 1)];
        }
        else
        {
            NeighborOrder = [];
            NeighborDistance = [];
        }
    }

    /// <summary>Bytes of the tables for k clusters (what <see cref="CenterGeometry{T}"/> allocates).</summary>
    public static long Bytes(int clusters, int features, bool pairwise, bool neighbors) =>
        (3L * clusters * sizeof(double)) + ((long)clusters * features * sizeof(double)) + (neighbors ? (long)clusters * sizeof(ulong) : 0) + (pairwise || neighbors ? (long)clusters * clusters * sizeof(double) : 0) +
        (neighbors ? (long)clusters * (clusters - 1) * (sizeof(int) + sizeof(double)) : 0);

    /// <summary>Per center: Σ over the iterations so far of an upper bound of its shift.</summary>
    public double[] Drift { get; }

    /// <summary>Σ over the iterations so far of the largest shift bound of the iteration (for one bound covering all centers).</summary>
    public double DriftMax { get; private set; }

    /// <summary>Per center: an upper bound of its last shift.</summary>
    public double[] Shift { get; }

    /// <summary>k × k lower bounds of the distances between centers (empty unless kept).</summary>
    public double[] Pairwise { get; }

    /// <summary>Per center: a lower bound of the distance to its nearest other center (+∞ for k = 1).</summary>
    public double[] NearestOther { get; }

    /// <summary>Per center a, the other k − 1 centers by increasing <see cref="Pairwise"/> distance (empty unless kept).</summary>
    public int[] NeighborOrder { get; }

    /// <summary>The distances that go with <see cref="NeighborOrder"/>.</summary>
    public double[] NeighborDistance { get; }

    /// <summary>K: a score's rounding error is at most K·C·(C + 2‖x‖).</summary>
    public double ScoreError { get; }

    /// <summary>C: an upper bound of every center's norm.</summary>
    public double NormBound { get; private set; }

    /// <summary>An upper bound of every row's norm ‖x‖, known after the first pass.</summary>
    public double RowNormBound { get; set; }

    /// <summary>2E for the largest row: the margin a proof needs when the row is not read.</summary>
    public double Margin { get; private set; }

    /// <summary>Absolute allowance for the rounding of the bound bookkeeping (see the remarks).</summary>
    public double Slack { get; private set; }

    /// <summary>The magnitude every bound and drift stays below (for rounding allowances).</summary>
    public double Scale { get; private set; }

    /// <summary>The relative error allowed for a center distance computed in double: (d + 4)·2⁻⁵².</summary>
    public double DistanceError => _distanceError;

    /// <summary>Forgets the drift (a new run).</summary>
    public void Reset()
    {
        Array.Clear(Drift);
        Array.Clear(Shift);
        DriftMax = 0;
        _largestDrift = 0;
        _iterations = 0;
        RowNormBound = 0;
    }

    /// <summary>Adds the shifts from <paramref name="old"/> to <paramref name="next"/> (upper bounds) to the drift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddShifts(CenterSet<T> old, CenterSet<T> next)
    {
        double largest = 0;
        for (int j = 0; j < _k; j++)
        {
            ReadOnlySpan<T> a = old.Row(j);
            ReadOnlySpan<T> b = next.Row(j);
            double sum = 0;
            for (int f = 0; f < _d; f++)
            {
                double diff = double.CreateTruncating(b[f]) - double.CreateTruncating(a[f]);
                sum = Math.FusedMultiplyAdd(diff, diff, sum);
            }

            double shift = Math.Sqrt(sum) * (1 + _distanceError);
            Shift[j] = shift;
            Drift[j] += shift;
            largest = Math.Max(largest, shift);
            _largestDrift = Math.Max(_largestDrift, Drift[j]);
        }

        DriftMax += largest;
        _iterations++;
    }

    /// <summary>Recomputes C, the margins and the center distances for <paramref name="centers"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Refresh(CenterSet<T> centers)
    {
        double norm = 0;
        for (int j = 0; j < _k; j++)
        {
            ReadOnlySpan<T> c = centers.Row(j);
            double sum = 0;
            for (int f = 0; f < _d; f++)
            {
                double v = double.CreateTruncating(c[f]);
                sum = Math.FusedMultiplyAdd(v, v, sum);
            }

            norm = Math.Max(norm, Math.Sqrt(sum));
        }

        NormBound = norm * (1 + _distanceError);
        double scale = Math.Max(_largestDrift, DriftMax) + (2 * (NormBound + RowNormBound));
        Slack = (_iterations + 8) * scale / (1L << 50);
        Scale = scale;
        Margin = RowMargin(RowNormBound);
        _scoreErrorBound = ScoreError * NormBound * (NormBound + (2 * RowNormBound));

        // The centers in double once, so the k(k − 1)/2 distances run on vectors (any summation order is within the
        // allowance (d + 4)·2⁻⁵² of a sum of d non-negative squares).
        for (int j = 0; j < _k; j++)
        {
            ReadOnlySpan<T> c = centers.Row(j);
            Span<double> p = _points.AsSpan(j * _d, _d);
            for (int f = 0; f < _d; f++)
            {
                p[f] = double.CreateTruncating(c[f]);
            }
        }

        NearestOther.AsSpan().Fill(double.PositiveInfinity);
        for (int i = 0; i < _k; i++)
        {
            ReadOnlySpan<double> ci = _points.AsSpan(i * _d, _d);
            for (int j = i + 1; j < _k; j++)
            {
                double distance = Math.Sqrt(SquaredDifference(ci, _points.AsSpan(j * _d, _d))) * (1 - _distanceError);
                NearestOther[i] = Math.Min(NearestOther[i], distance);
                NearestOther[j] = Math.Min(NearestOther[j], distance);
                if (Pairwise.Length != 0)
                {
                    Pairwise[(i * _k) + j] = distance;
                    Pairwise[(j * _k) + i] = distance;
                }
            }
        }

        if (NeighborOrder.Length != 0)
        {
            // Sorted as (distance rounded down to float, index) packed in one ulong: a primitive sort, ties by index.
            int m = _k - 1;
            Span<ulong> keys = _keys;
            for (int a = 0; a < _k; a++)
            {
                int e = 0;
                for (int j = 0; j < _k; j++)
                {
                    if (j != a)
                    {
                        keys[e++] = ((ulong)BitConverter.SingleToUInt32Bits(RoundDownToSingle(Pairwise[(a * _k) + j])) << 32) | (uint)j;
                    }
                }

                keys[..m].Sort();
                Span<int> order = NeighborOrder.AsSpan(a * m, m);
                Span<double> distance = NeighborDistance.AsSpan(a * m, m);
                for (e = 0; e < m; e++)
                {
                    order[e] = (int)(uint)keys[e];
                    distance[e] = BitConverter.UInt32BitsToSingle((uint)(keys[e] >> 32));
                }
            }
        }
    }

    /// <summary>How many of center <paramref name="center"/>'s neighbours (<see cref="NeighborDistance"/>) lie within <paramref name="radius"/>.</summary>
    public int NeighborsWithin(int center, double radius)
    {
        int m = _k - 1;
        ReadOnlySpan<double> distance = NeighborDistance.AsSpan(center * m, m);
        int low = 0, high = m;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (distance[middle] <= radius)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Σ (a[f] − b[f])² in double, on vectors.</summary>
    private static double SquaredDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int f = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 2 * Vector256<double>.Count)
        {
            Vector256<double> s0 = Vector256<double>.Zero, s1 = Vector256<double>.Zero;
            for (; f + (2 * Vector256<double>.Count) <= a.Length; f += 2 * Vector256<double>.Count)
            {
                Vector256<double> d0 = Vector256.Create(a.Slice(f, Vector256<double>.Count)) - Vector256.Create(b.Slice(f, Vector256<double>.Count));
                Vector256<double> d1 = Vector256.Create(a.Slice(f + Vector256<double>.Count, Vector256<double>.Count)) - Vector256.Create(b.Slice(f + Vector256<double>.Count, Vector256<double>.Count));
                s0 = Vector256.FusedMultiplyAdd(d0, d0, s0);
                s1 = Vector256.FusedMultiplyAdd(d1, d1, s1);
            }

            sum = Vector256.Sum(s0 + s1);
        }

        for (; f < a.Length; f++)
        {
            double diff = a[f] - b[f];
            sum = Math.FusedMultiplyAdd(diff, diff, sum);
        }

        return sum;
    }

    /// <summary><paramref name="value"/> ≥ 0 as a float no larger than it.</summary>
    private static float RoundDownToSingle(double value)
    {
        float f = (float)value;
        return f > value ? MathF.BitDecrement(f) : f;
    }

    /// <summary>2E for a row of norm at most <paramref name="rowNorm"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double RowMargin(double rowNorm) => 2 * ScoreError * NormBound * (NormBound + (2 * rowNorm));

    /// <summary>The right-hand side of <see cref="Proves"/> for upper bound <paramref name="upper"/> and margin <paramref name="margin"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Threshold(double upper, double margin)
    {
        double u = upper + Slack;
        return ((u * u) + margin) * Relative;
    }

    /// <summary>Whether lower bound <paramref name="lower"/> of D_j proves that center j cannot win or tie (see the remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Proves(double lower, double threshold)
    {
        double l = lower - Slack;
        return l > 0 && l * l > threshold;
    }

    /// <summary>
    /// <see cref="Proves"/>(<paramref name="lower"/>, <see cref="Threshold"/>(<paramref name="upper"/>, <paramref name="margin"/>))
    /// with <see cref="Slack"/> passed in, so a loop over rows keeps it in a register: the same arithmetic, evaluated
    /// without branches (both comparisons are made; a row loop then has no data-dependent jump).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ProvesWith(double lower, double upper, double slack, double margin)
    {
        double l = lower - slack;
        double u = upper + slack;
        return (l > 0) & (l * l > ((u * u) + margin) * Relative);
    }

    /// <summary>A distance beyond which no center can win or tie: the square root of <paramref name="threshold"/>, with the slack.</summary>
    public double ProofRadius(double threshold) => (Math.Sqrt(threshold) * Up) + (2 * Slack);

    /// <summary>The larger of two bounds (no NaN or signed-zero care: bounds are ordinary numbers), one instruction, no branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(double a, double b) => double.MaxNative(a, b);

    /// <summary>An upper bound of D from the exact score <paramref name="score"/>, the row's ‖x‖² <paramref name="squaredNorm"/> and norm bound <paramref name="rowNorm"/>.</summary>
    public double UpperFromScore(T score, double squaredNorm, double rowNorm)
    {
        double error = (ScoreError * NormBound * (NormBound + (2 * rowNorm))) + (_distanceError * squaredNorm);
        return Math.Sqrt(Math.Max(0, double.CreateTruncating(score) + squaredNorm + error)) * Up;
    }

    /// <summary>
    /// <see cref="UpperFromScore"/> for any row of the pass: E taken with <see cref="RowNormBound"/>,
    /// which is at least the row's norm, so the bound is valid and saves the row's square root (E is a few units of
    /// T's rounding, far below what decides a pruning).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double UpperForPass(T score, double squaredNorm)
    {
        double error = _scoreErrorBound + (_distanceError * squaredNorm);
        return Math.Sqrt(Max(double.CreateTruncating(score) + squaredNorm + error, 0)) * Up;
    }

    /// <summary>A lower bound of D from the exact score with E for <see cref="RowNormBound"/> (see <see cref="UpperForPass"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double LowerForPass(T score, double squaredNorm)
    {
        double error = _scoreErrorBound + (_distanceError * squaredNorm);
        return Math.Sqrt(Max(double.CreateTruncating(score) + squaredNorm - error, 0)) * Down;
    }

    /// <summary>A lower bound of D from the exact score (see <see cref="UpperFromScore"/>).</summary>
    public double LowerFromScore(T score, double squaredNorm, double rowNorm)
    {
        double error = (ScoreError * NormBound * (NormBound + (2 * rowNorm))) + (_distanceError * squaredNorm);
        return Math.Sqrt(Math.Max(0, double.CreateTruncating(score) + squaredNorm - error)) * Down;
    }

    /// <summary>A row's norm bound from its ‖x‖² in double.</summary>
    public double RowNorm(double squaredNorm) => Math.Sqrt(squaredNorm) * (1 + _distanceError);

    /// <summary><paramref name="value"/> as T, rounded down (a stored lower bound).</summary>
    public static T RoundDown(double value)
    {
        T t = T.CreateTruncating(value);
        return double.CreateTruncating(t) > value ? T.BitDecrement(t) : t;
    }
}
