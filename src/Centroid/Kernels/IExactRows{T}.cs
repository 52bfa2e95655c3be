using System.Numerics;

namespace Centroid.Kernels;

/// <summary>
/// A row source for the bounds algorithms (Elkan, Hamerly, Exponion, Yinyang): besides Lloyd's operations
/// (<see cref="IRowSource{T}"/>, delegated unchanged), the assignment score of one row for chosen centers with the
/// kernels' exact arithmetic, the row's norm for turning scores into distance bounds, and Lloyd's block sums (for
/// the bounds solvers' cache of them), bit for bit.
/// </summary>
/// <remarks>
/// A "loaded" row is the row in working coordinates as the dense kernel sees it (the data minus the column means, in
/// T); CSR rows are read in place and ignore the loaded buffer.
/// </remarks>
internal interface IExactRows<T> : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most products in one score's dot product: d for dense rows, the longest row's stored entries for CSR.</summary>
    int MaxTerms { get; }

    /// <summary>Whether the rows are CSR (sparse) rather than dense.</summary>
    bool IsSparse { get; }

    /// <summary>Whether some CSR row repeats a column index (legal, non-canonical): the bounds need the norm of the summed row, so such data is clustered with Lloyd.</summary>
    bool HasRepeatedIndices { get; }

    /// <summary>Writes row <paramref name="row"/> in working coordinates to <paramref name="destination"/> (d elements); CSR: nothing.</summary>
    void Load(int row, Span<T> destination);

    /// <summary>
    /// Writes the listed rows in working coordinates to <paramref name="destination"/>, one after another (d each), as
    /// <see cref="Load"/> would one by one; CSR: nothing.
    /// </summary>
    void LoadRows(ReadOnlySpan<int> rows, Span<T> destination);

    /// <summary>‖c_j‖² − 2 x·c_j for one center, bit for bit as the assignment kernel.</summary>
    T Score(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, int cluster);

    /// <summary>The scores of the centers listed in <paramref name="clusters"/>, into <paramref name="scores"/>.</summary>
    void Scores(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, ReadOnlySpan<int> clusters, Span<T> scores);

    /// <summary>
    /// Row r's score for center <paramref name="clusters"/>[r], for each of the <paramref name="rows"/> (at most
    /// <see cref="DenseScoreKernel.RowBlock"/>; dense rows loaded one after another in <paramref name="loaded"/>, d each):
    /// independent chains run side by side.
    /// </summary>
    void ScorePairs(ReadOnlySpan<int> rows, ReadOnlySpan<T> loaded, ReadOnlySpan<int> clusters, CenterSet<T> centers, Span<T> scores);

    /// <summary>Every center's score (padded centers +∞) into <paramref name="scores"/> (<see cref="CenterSet{T}.PaddedClusters"/> + <see cref="CenterSet{T}.MaxLanes"/> elements).</summary>
    void ScoreAll(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, Span<T> scores);

    /// <summary>
    /// Every center's score for <see cref="DenseScoreKernel.RowBlock"/> rows at once: <paramref name="loaded"/> holds them
    /// one after another (d each), <paramref name="rows"/> their indices; row r's scores start at r × <see cref="DenseScoreKernel.RowStride"/>.
    /// </summary>
    void ScoreTile(ReadOnlySpan<int> rows, ReadOnlySpan<T> loaded, CenterSet<T> centers, Span<T> scores);

    /// <summary>‖x‖² in double (the squared distance is this plus the score, up to the score's rounding).</summary>
    double SquaredNorm(int row, ReadOnlySpan<T> loaded);

    /// <summary>
    /// Whether Lloyd sums this source in blocks of <see cref="Parallel.RowPartition.ChunkSize"/> rows (in T, each block's
    /// sums then added in double to the partition's): dense rows do, CSR rows add each entry in double directly.
    /// </summary>
    bool SumsByBlock { get; }

    /// <summary>
    /// One block's sums in T for the clusters in <paramref name="clusters"/> (a bit mask), as Lloyd forms them before
    /// adding them to its partition's double sums: those clusters' rows of <paramref name="blockSums"/> (k × d) are
    /// cleared, then the block's rows [<paramref name="start"/>, <paramref name="end"/>) with a label in the mask are
    /// added in row order. Only when <see cref="SumsByBlock"/>.
    /// </summary>
    void BlockSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> row, Span<T> blockSums);
}
