using System.Numerics;
using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>One worker's buffers for a bounds pass: O(k + d) elements, plus one tile of rows and scores, reused every iteration.</summary>
internal sealed class BoundsScratch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates the buffers for <paramref name="clusters"/> centers of <paramref name="features"/> features.</summary>
    public BoundsScratch(int clusters, int features, int sumScratch)
    {
        // The centers' padded count, not k rounded to the vector width: it may add a cache line of padding centers.
        int padded = CenterSet<T>.PaddedCount(clusters);
        Row = new T[features];
        Tile = new T[DenseScoreKernel.RowBlock * features];
        TileRows = new int[DenseScoreKernel.RowBlock];
        Scores = new T[(DenseScoreKernel.RowBlock * DenseScoreKernel.RowStride(padded)) + CenterSet<T>.MaxLanes];
        Candidates = new int[clusters];
        CandidateScores = new T[clusters];
        Sums = new T[Math.Max(1, sumScratch)];
        Pending = new int[BatchRows];
        Batch = new T[BatchRows * features];
        Unresolved = new int[BatchRows];
        SquaredNorms = new double[BatchRows];
        PairClusters = new int[BatchRows];
        PairScores = new T[BatchRows];
    }

    /// <summary>How many rows whose cheap bound test failed are settled together.</summary>
    public const int BatchRows = 64;

    /// <summary>The rows of <see cref="Pending"/> in working coordinates, one after another (d each).</summary>
    public T[] Batch { get; }

    /// <summary>Positions in the batch of rows whose bounds still failed after one exact score.</summary>
    public int[] Unresolved { get; }

    /// <summary>The batch rows' ‖x‖².</summary>
    public double[] SquaredNorms { get; }

    /// <summary>Rows whose cheap bound test failed, waiting to be settled <see cref="BatchRows"/> at a time.</summary>
    public int[] Pending { get; }

    /// <summary>The labels of the rows in <see cref="Batch"/>.</summary>
    public int[] PairClusters { get; }

    /// <summary>Their scores.</summary>
    public T[] PairScores { get; }

    /// <summary>One row in working coordinates.</summary>
    public T[] Row { get; }

    /// <summary><see cref="DenseScoreKernel.RowBlock"/> rows in working coordinates.</summary>
    public T[] Tile { get; }

    /// <summary>The indices of the rows in <see cref="Tile"/>.</summary>
    public int[] TileRows { get; }

    /// <summary>Scores of a tile of rows, or of one row.</summary>
    public T[] Scores { get; }

    /// <summary>Centers a bound could not rule out.</summary>
    public int[] Candidates { get; }

    /// <summary>Their scores.</summary>
    public T[] CandidateScores { get; }

    /// <summary>Scratch for the update-step sums.</summary>
    public T[] Sums { get; }
}
