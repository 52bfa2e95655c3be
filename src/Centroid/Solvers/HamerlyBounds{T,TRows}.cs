using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>
/// Hamerly's algorithm (2010): per row one upper bound u ≥ D(x, c_label) and one lower bound l ≤ min over the other
/// centers of D(x, c_j). A row keeps its label unread when max(l, s − u) proves it (s: the distance from its center to
/// the nearest other center, so D_j ≥ s − u); otherwise u is tightened with one exact score, and if that does not
/// suffice every center is scored. <see cref="ExponionBounds{T, TRows}"/> scores only the centers near the label.
/// </summary>
/// <remarks>Extra memory: 16 n bytes (u and l in double) and 24 k bytes of tables.</remarks>
internal class HamerlyBounds<T, TRows> : BoundsAlgorithm<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    // Per row, interleaved (one cache line holds both): [2i] = u − drift[label], [2i + 1] = l + DriftMax.
    private double[] _bounds = [];

    /// <summary>Hamerly's bounds over <paramref name="rows"/>.</summary>
    public HamerlyBounds(TRows rows, int clusters)
        : this(rows, clusters, new CenterGeometry<T>(clusters, rows.Columns, rows.MaxTerms, pairwise: false, neighbors: false))
    {
    }

    /// <summary>For subclasses that need more tables.</summary>
    protected HamerlyBounds(TRows rows, int clusters, CenterGeometry<T> geometry)
        : base(rows, clusters, geometry)
    {
    }

    /// <inheritdoc/>
    public override KMeansAlgorithm Algorithm => KMeansAlgorithm.Hamerly;

    /// <summary>Bytes of bounds and tables for n rows and k clusters.</summary>
    public static long Bytes(long rows, int clusters, int features) => (rows * 2 * sizeof(double)) + CenterGeometry<T>.Bytes(clusters, features, pairwise: false, neighbors: false);

    /// <inheritdoc/>
    public override void Prepare()
    {
        if (_bounds.Length != 2 * Rows.Rows)
        {
            _bounds = new double[2 * Rows.Rows];
        }
    }

    /// <inheritdoc/>
    public override void Initialize(int row, int best, T second, ReadOnlySpan<T> scores, double squaredNorm, double rowNorm)
    {
        CenterGeometry<T> g = Geometry;
        _bounds[2 * row] = g.UpperFromScore(scores[best], squaredNorm, rowNorm) - g.Drift[best];
        _bounds[(2 * row) + 1] = (T.IsPositiveInfinity(second) ? double.PositiveInfinity : g.LowerFromScore(second, squaredNorm, rowNorm)) + g.DriftMax;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Assign(int start, int end, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, ulong[] changed)
    {
        int moved = 0;
        int next = start;
        while (next < end)
        {
            int count = Scan(ref next, end, labels, scratch.Pending);
            moved += Settle(count, centers, labels, scratch, changed);
        }

        return moved;
    }

    /// <summary>
    /// The cheap test for rows from <paramref name="next"/> on, until <paramref name="end"/> or until
    /// <paramref name="pending"/> is full of rows that failed it; advances <paramref name="next"/> past the rows tested.
    /// </summary>
    /// <remarks>
    /// Reads only each row's label, its two bounds and two per-center numbers, with no data-dependent branch: every row
    /// is written to the next free slot, and only a failing row advances the count. A loop without calls, so the
    /// compiler keeps everything in registers.
    /// </remarks>
    /// <returns>How many rows of <paramref name="pending"/> failed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private int Scan(ref int next, int end, int[] labels, int[] pending)
    {
        CenterGeometry<T> g = Geometry;
        int i = next;
        if (i < 0 || end > labels.Length || 2L * end > _bounds.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(end));
        }

        // Raw references: the rows are in range (checked above) and labels are cluster indices.
        ref double bounds = ref MemoryMarshal.GetArrayDataReference(_bounds);
        ref double drift = ref MemoryMarshal.GetArrayDataReference(g.Drift);
        ref double nearest = ref MemoryMarshal.GetArrayDataReference(g.NearestOther);
        ref int label = ref MemoryMarshal.GetArrayDataReference(labels);
        ref int slot = ref MemoryMarshal.GetArrayDataReference(pending);
        int capacity = pending.Length;
        double driftMax = g.DriftMax;
        double slack = g.Slack;
        double margin = g.Margin;
        int count = 0;
        while (i < end)
        {
            int a = Unsafe.Add(ref label, i);
            double u = Unsafe.Add(ref bounds, 2 * i) + Unsafe.Add(ref drift, a);
            double l = Unsafe.Add(ref bounds, (2 * i) + 1) - driftMax;
            bool holds = CenterGeometry<T>.ProvesWith(CenterGeometry<T>.Max(l, Unsafe.Add(ref nearest, a) - u), u, slack, margin);
            Unsafe.Add(ref slot, count) = i;
            count += holds ? 0 : 1;
            i++;
            if (count == capacity)
            {
                break;
            }
        }

        next = i;
        return count;
    }

    /// <summary>
    /// The first <paramref name="n"/> rows of <see cref="BoundsScratch{T}.Pending"/>, whose cheap test failed, read
    /// together (one resolution of the data's memory): each row's u is tightened with its label's exact score (four
    /// independent chains side by side); a row whose bounds still prove nothing goes to <see cref="TryResolve"/>, and if
    /// that declines, every center is scored for it, four rows at a time (the assignment kernel's tile).
    /// </summary>
    /// <returns>How many labels changed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected int Settle(int n, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, ulong[] changed)
    {
        ReadOnlySpan<int> rows = scratch.Pending.AsSpan(0, n);
        if (n == 0)
        {
            return 0;
        }

        CenterGeometry<T> g = Geometry;
        double[] drift = g.Drift;
        double[] nearest = g.NearestOther;
        double driftMax = g.DriftMax;
        double slack = g.Slack;
        double margin = g.Margin;
        int d = Rows.Columns;
        Span<T> loaded = scratch.Batch;
        Span<int> own = scratch.PairClusters.AsSpan(0, n);
        Span<T> ownScores = scratch.PairScores.AsSpan(0, n);
        Rows.LoadRows(rows, loaded);
        for (int r = 0; r < n; r++)
        {
            own[r] = labels[rows[r]];
        }

        for (int first = 0; first < n; first += DenseScoreKernel.RowBlock)
        {
            int count = Math.Min(DenseScoreKernel.RowBlock, n - first);
            Rows.ScorePairs(rows.Slice(first, count), loaded[(first * d)..], own.Slice(first, count), centers, ownScores.Slice(first, count));
        }

        bool alone = ResolvesAlone;
        Span<int> unresolved = scratch.Unresolved;
        Span<double> squaredNorms = scratch.SquaredNorms;
        int left = 0;
        int moved = 0;
        for (int r = 0; r < n; r++)
        {
            int i = rows[r];
            int a = own[r];
            ReadOnlySpan<T> x = loaded.Slice(r * d, d);
            double squaredNorm = Rows.SquaredNorm(i, x);
            double u = g.UpperForPass(ownScores[r], squaredNorm);
            double l = _bounds[(2 * i) + 1] - driftMax;
            if (CenterGeometry<T>.ProvesWith(CenterGeometry<T>.Max(l, nearest[a] - u), u, slack, margin))
            {
                _bounds[2 * i] = u - drift[a];
                continue;
            }

            if (alone && TryResolve(i, a, ownScores[r], u, x, centers, scratch, squaredNorm, out int best, out double newUpper, out double newLower))
            {
                moved += Store(i, a, best, newUpper, newLower, labels, changed);
                continue;
            }

            squaredNorms[r] = squaredNorm;
            unresolved[left++] = r;
        }

        // Every center for the rest, a tile of rows per kernel call.
        Span<T> tile = scratch.Tile;
        Span<T> scores = scratch.Scores;
        int stride = DenseScoreKernel.RowStride(centers.PaddedClusters);
        for (int first = 0; first < left; first += DenseScoreKernel.RowBlock)
        {
            int count = Math.Min(DenseScoreKernel.RowBlock, left - first);
            for (int t = 0; t < count; t++)
            {
                int r = unresolved[first + t];
                scratch.TileRows[t] = rows[r];
                CopyRow(loaded.Slice(r * d, d), tile.Slice(t * d, d));
            }

            // Unused tile rows must be finite: zeros are.
            for (int t = count * d; t < tile.Length; t++)
            {
                tile[t] = T.Zero;
            }
            Rows.ScoreTile(scratch.TileRows.AsSpan(0, count), tile, centers, scores);
            for (int t = 0; t < count; t++)
            {
                int r = unresolved[first + t];
                ReadOnlySpan<T> rowScores = scores.Slice(t * stride, centers.PaddedClusters);
                int best = ExactScore.TopTwo(rowScores, out T second);
                double newUpper = g.UpperForPass(rowScores[best], squaredNorms[r]);
                double newLower = T.IsPositiveInfinity(second) ? double.PositiveInfinity : g.LowerForPass(second, squaredNorms[r]);
                moved += Store(rows[r], own[r], best, newUpper, newLower, labels, changed);
            }
        }

        return moved;
    }

    /// <summary>Copies a row; an element loop for the few features this is worth inlining for, else a block copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(ReadOnlySpan<T> source, Span<T> destination)
    {
        if (source.Length <= 8)
        {
            for (int f = 0; f < source.Length; f++)
            {
                destination[f] = source[f];
            }
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    /// <summary>Whether <see cref="TryResolve"/> can resolve a row without scoring every center (false: not worth the call).</summary>
    protected virtual bool ResolvesAlone => false;

    /// <summary>Row <paramref name="row"/>'s new label and bounds; returns 1 if the label changed from <paramref name="label"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Store(int row, int label, int best, double upper, double lower, int[] labels, ulong[] changed)
    {
        CenterGeometry<T> g = Geometry;
        _bounds[2 * row] = upper - g.Drift[best];
        _bounds[(2 * row) + 1] = lower + g.DriftMax;
        if (best == label)
        {
            return 0;
        }

        labels[row] = best;
        MarkChanged(changed, row, label, best);
        return 1;
    }

    /// <summary>
    /// A row whose bounds failed, resolved without scoring every center if the algorithm can: its label, an upper bound
    /// of that center's distance and a lower bound of every other center's. Hamerly cannot (false: score them all).
    /// </summary>
    /// <param name="row">The row.</param>
    /// <param name="label">Its current label.</param>
    /// <param name="ownScore">The label's exact score.</param>
    /// <param name="upper">An upper bound of the distance to the label's center (from <paramref name="ownScore"/>).</param>
    /// <param name="x">The row in working coordinates.</param>
    /// <param name="centers">The centers.</param>
    /// <param name="scratch">The worker's buffers.</param>
    /// <param name="squaredNorm">The row's ‖x‖².</param>
    /// <param name="best">Lloyd's label.</param>
    /// <param name="newUpper">An upper bound of the distance to <paramref name="best"/>'s center.</param>
    /// <param name="newLower">A lower bound of the distance to every other center.</param>
    /// <returns>Whether the row was resolved.</returns>
    protected virtual bool TryResolve(int row, int label, T ownScore, double upper, ReadOnlySpan<T> x, CenterSet<T> centers, BoundsScratch<T> scratch, double squaredNorm, out int best, out double newUpper, out double newLower)
    {
        best = label;
        newUpper = 0;
        newLower = 0;
        return false;
    }
}
