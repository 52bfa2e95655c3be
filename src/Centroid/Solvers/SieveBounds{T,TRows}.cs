using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// Exponion's row bounds under a second, coarser sieve: one bound per block of <see cref="RowPartition.ChunkSize"/>
/// rows proves most of a block's rows at once, so a late iteration visits the blocks (n / 256 tests) and a short list
/// of hard rows per block, not all n rows.
/// </summary>
/// <remarks>
/// <para>When a block's rows have all been visited, its rows are split into hard ones (bounds close to failing: a
/// margin under θ, four times the drift of the last 16 passes) and easy ones, and the block keeps
/// G = min over its easy rows of g = max(l, s_label − u) − u (Hamerly's proof margin), U = max of their u, and the
/// drift D₀ = DriftMax at that moment. Since then no center has moved more than ΔD = DriftMax − D₀, so for an easy
/// row l fell by at most ΔD, s_label by at most 2ΔD and u rose by at most ΔD: g ≥ G − 4ΔD. The row test
/// (<see cref="CenterGeometry{T}.Proves"/>) succeeds whenever g exceeds Δ(u) = 2ε + √M + (u + ε + √M)·2⁻³⁹ (plus
/// the allowance for computing center distances), which grows with u ≤ U + ΔD. So if G − 4ΔD &gt; Δ(U + ΔD) every
/// easy row keeps its label and its bounds, and only the hard rows are visited; otherwise the whole block is, and
/// split again. The labels are therefore those of <see cref="ExponionBounds{T, TRows}"/>, i.e. Lloyd's.</para>
/// <para>Extra memory over Exponion: 65 bytes per block of 256 rows (a quarter of a byte per row).</para>
/// </remarks>
internal sealed class SieveBounds<T, TRows> : ExponionBounds<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    private const int Words = RowPartition.ChunkSize / 64;
    private const int History = 16;

    private readonly double[] _driftHistory = new double[History];
    private double[] _blockGap = [];
    private double[] _blockUpper = [];
    private double[] _blockDrift = [];
    private double[] _blockMargin = [];
    private bool[] _blockValid = [];
    private ulong[] _hard = [];
    private int _passes;
    private double _hardMargin;
    private double _deltaBase;
    private double _deltaSlope;

    /// <summary>The sieve over <paramref name="rows"/>.</summary>
    public SieveBounds(TRows rows, int clusters)
        : base(rows, clusters)
    {
    }

    /// <inheritdoc/>
    public override KMeansAlgorithm Algorithm => KMeansAlgorithm.Sieve;

    /// <summary>Bytes of bounds and tables for n rows and k clusters.</summary>
    public static new long Bytes(long rows, int clusters, int features) =>
        ExponionBounds<T, TRows>.Bytes(rows, clusters, features) + (((rows + RowPartition.ChunkSize - 1) / RowPartition.ChunkSize) * ((4 * sizeof(double)) + sizeof(bool) + (Words * sizeof(ulong))));

    /// <inheritdoc/>
    public override void Prepare()
    {
        base.Prepare();
        int blocks = (Rows.Rows + RowPartition.ChunkSize - 1) / RowPartition.ChunkSize;
        if (_blockGap.Length != blocks)
        {
            _blockGap = new double[blocks];
            _blockUpper = new double[blocks];
            _blockDrift = new double[blocks];
            _blockMargin = new double[blocks];
            _blockValid = new bool[blocks];
            _hard = new ulong[blocks * Words];
        }

        Array.Clear(_blockValid);
        Array.Clear(_driftHistory);
        _passes = 0;
    }

    /// <inheritdoc/>
    public override void BeginPass()
    {
        CenterGeometry<T> g = Geometry;
        double drift = g.DriftMax;
        double recent = drift - _driftHistory[_passes % History];
        _driftHistory[_passes % History] = drift;
        _passes++;

        // A row whose margin exceeds what 16 passes at the recent pace would take is easy.
        _hardMargin = 4 * recent;
        double root = Math.Sqrt(g.Margin);
        _deltaBase = (3 * g.Slack) + root + (2 * g.DistanceError * g.Scale) + ((g.Slack + root) / (1L << 39));
        _deltaSlope = 1.0 / (1L << 39);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Assign(int start, int end, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, ulong[] changed)
    {
        double drift = Geometry.DriftMax;
        int[] pending = scratch.Pending;
        int moved = 0;
        for (int first = start; first < end; first += RowPartition.ChunkSize)
        {
            int block = first / RowPartition.ChunkSize;
            int last = Math.Min(end, first + RowPartition.ChunkSize);
            int count = 0;
            double since = drift - _blockDrift[block];

            // Split again once the pace has halved since the last split: rows that were hard then may be easy now.
            if (_blockValid[block] && _blockGap[block] - (4 * since) > Delta(_blockUpper[block] + since) && _hardMargin * 2 >= _blockMargin[block])
            {
                // The block bound proves the easy rows: test the hard ones.
                System.Threading.Interlocked.Increment(ref Trace.BlocksPassed);
                Span<ulong> hard = _hard.AsSpan(block * Words, Words);
                for (int word = 0; word < Words; word++)
                {
                    ulong bits = hard[word];
                    while (bits != 0)
                    {
                        int i = first + (word * 64) + BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        Trace.Visits++;
                        if (!Holds(i, labels))
                        {
                            pending[count++] = i;
                            if (count == pending.Length)
                            {
                                moved += Settle(pending, centers, labels, scratch, changed);
                                count = 0;
                            }
                        }
                    }
                }

                moved += Settle(pending.AsSpan(0, count), centers, labels, scratch, changed);
            }
            else
            {
                for (int i = first; i < last; i++)
                {
                    Trace.Visits++;
                    if (!Holds(i, labels))
                    {
                        pending[count++] = i;
                        if (count == pending.Length)
                        {
                            moved += Settle(pending, centers, labels, scratch, changed);
                            count = 0;
                        }
                    }
                }

                moved += Settle(pending.AsSpan(0, count), centers, labels, scratch, changed);
                Split(block, first, last, labels);
            }
        }

        return moved;
    }

    /// <summary>Δ(u): the margin over u that a row's proof needs (see the remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Delta(double upper) => _deltaBase + (upper * _deltaSlope);

    /// <summary>Splits a block's rows into hard and easy ones and records the easy rows' block bound.</summary>
    private void Split(int block, int first, int last, int[] labels)
    {
        Span<ulong> hard = _hard.AsSpan(block * Words, Words);
        hard.Clear();
        double gap = double.PositiveInfinity;
        double upper = 0;
        for (int i = first; i < last; i++)
        {
            double g = Gap(i, labels[i], out double u);
            if (g - Delta(u) < _hardMargin)
            {
                int r = i - first;
                hard[r >> 6] |= 1UL << (r & 63);
            }
            else
            {
                gap = Math.Min(gap, g);
                upper = CenterGeometry<T>.Max(upper, u);
            }
        }

        _blockGap[block] = gap;
        _blockUpper[block] = upper;
        _blockDrift[block] = Geometry.DriftMax;
        _blockMargin[block] = _hardMargin;
        _blockValid[block] = true;
    }
}
