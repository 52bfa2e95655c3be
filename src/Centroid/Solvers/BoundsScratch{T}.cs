using System.Numerics;
using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>One worker's buffers for a bounds pass: O(k + d) elements, plus one tile of rows and scores, reused every iteration.</summary>
internal sealed class BoundsScratch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates the buffers for <paramref name="clusters"/> centers of <paramref name="features"/> features.</summary>
    public BoundsScratch(int clusters, int features, int sumScratch)
    {
        int padded = (clusters + CenterSet<T>.LanePadding - 1) / CenterSet<T>.LanePadding * CenterSet<T>.LanePadding;
        Row = new T[features];
        Tile = new T[DenseScoreKernel.RowBlock * features];
        TileRows = new int[DenseScoreKernel.RowBlock];
        Scores = new T[(DenseScoreKernel.RowBlock * DenseScoreKernel.RowStride(padded)) + CenterSet<T>.MaxLanes];
        Candidates = new int[clusters];
        CandidateScores = new T[clusters];
        Sums = new T[Math.Max(1, sumScratch)];
        Pending = new int[64];
        PairClusters = new int[DenseScoreKernel.RowBlock];
        PairScores = new T[DenseScoreKernel.RowBlock];
    }

    /// <summary>Rows whose cheap bound test failed, waiting to be settled a few at a time.</summary>
    public int[] Pending { get; }

    /// <summary>The labels of the rows in <see cref="Tile"/>.</summary>
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
