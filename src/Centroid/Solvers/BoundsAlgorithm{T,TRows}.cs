using System.Numerics;
using System.Runtime.CompilerServices;
using Centroid.Kernels;
using Centroid.Parallel;

namespace Centroid.Solvers;

/// <summary>
/// The assignment step of a bounds algorithm (Elkan, Hamerly, Exponion, Yinyang): per row, bounds on the distances to
/// the centers that let most rows keep their label without reading them, and exact Lloyd scores for the rest.
/// <see cref="BoundedSolver{T, TRows}"/> runs the iterations, the update step and the convergence tests around it.
/// </summary>
/// <remarks>
/// Every pruning decision is <see cref="CenterGeometry{T}.Proves"/>, and every center it does not rule out is scored
/// with the assignment kernel's arithmetic, so the labels are exactly Lloyd's (see <see cref="CenterGeometry{T}"/>).
/// Bounds are per row and written only by the worker that owns the row's partition, so results do not depend on the
/// thread count.
/// </remarks>
internal abstract class BoundsAlgorithm<T, TRows>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TRows : struct, IExactRows<T>
{
    /// <summary>Sets up an algorithm over <paramref name="rows"/> with <paramref name="clusters"/> centers and its geometry tables.</summary>
    protected BoundsAlgorithm(TRows rows, int clusters, CenterGeometry<T> geometry)
    {
        Rows = rows;
        Clusters = clusters;
        Geometry = geometry;
        _words = ClusterMask.Words(clusters);
    }

    private readonly int _words;

    /// <summary>Which algorithm this is.</summary>
    public abstract KMeansAlgorithm Algorithm { get; }

    /// <summary>The center tables and the exactness arithmetic.</summary>
    public CenterGeometry<T> Geometry { get; }

    /// <summary>The rows.</summary>
    protected TRows Rows { get; }

    /// <summary>k.</summary>
    protected int Clusters { get; }

    /// <summary>Allocates or clears the bounds before a run.</summary>
    public abstract void Prepare();

    /// <summary>Called once before a run's first pass (the one that scores every center), with its initial centers.</summary>
    public virtual void BeginFirstPass(CenterSet<T> centers)
    {
    }

    /// <summary>Called once before each pass after the first, with the geometry refreshed for the pass's centers.</summary>
    public virtual void BeginPass()
    {
    }

    /// <summary>
    /// Sets row <paramref name="row"/>'s bounds in a full pass, from every center's exact score (<paramref name="scores"/>,
    /// k elements); <paramref name="best"/> is Lloyd's label and <paramref name="second"/> the smallest other score.
    /// </summary>
    public abstract void Initialize(int row, int best, T second, ReadOnlySpan<T> scores, double squaredNorm, double rowNorm);

    /// <summary>
    /// The assignment step for rows [<paramref name="start"/>, <paramref name="end"/>) with <paramref name="centers"/>
    /// (the geometry refreshed for them): updates the labels and the rows' bounds.
    /// </summary>
    /// <param name="start">First row.</param>
    /// <param name="end">End of the rows (exclusive).</param>
    /// <param name="centers">The centers.</param>
    /// <param name="labels">All labels; rows [start, end) are read and updated.</param>
    /// <param name="scratch">The worker's buffers.</param>
    /// <param name="changed">
    /// Per block of <see cref="RowPartition.ChunkSize"/> rows, a mask of <see cref="ClusterMask.Words"/>(k) words: the
    /// clusters a row of the block left or joined (<see cref="MarkChanged"/>); the caller clears it.
    /// </param>
    /// <returns>How many labels changed.</returns>
    public abstract int Assign(int start, int end, CenterSet<T> centers, int[] labels, BoundsScratch<T> scratch, ulong[] changed);

    /// <summary>Records that <paramref name="row"/> moved from cluster <paramref name="from"/> to <paramref name="to"/> (see <see cref="Assign"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void MarkChanged(ulong[] changed, int row, int from, int to)
    {
        ClusterMask.AddMove(changed.AsSpan(row / RowPartition.ChunkSize * _words, _words), from, to);
    }

    /// <summary>The index of the smallest of the first k scores (strict &lt;: the lowest index on ties, as Lloyd).</summary>
    public static int ArgMinOf(ReadOnlySpan<T> scores)
    {
        int best = 0;
        T value = scores[0];
        for (int j = 1; j < scores.Length; j++)
        {
            if (scores[j] < value)
            {
                value = scores[j];
                best = j;
            }
        }

        return best;
    }

    /// <summary>Lloyd's choice among the scores (the lowest index on ties) and the smallest score of the others (+∞ for one score), in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TopTwo(ReadOnlySpan<T> scores, out T second)
    {
        int best = 0;
        T first = scores[0];
        T next = T.PositiveInfinity;
        for (int j = 1; j < scores.Length; j++)
        {
            T s = scores[j];
            if (s < first)
            {
                next = first;
                first = s;
                best = j;
            }
            else if (s < next)
            {
                next = s;
            }
        }

        second = next;
        return best;
    }
}
