namespace Centroid.Parallel;

/// <summary>
/// How a pass splits the rows: chunks of <see cref="ChunkSize"/> rows (scikit-learn's 256) grouped into
/// <see cref="Count"/> contiguous partitions. The plan depends only on the shape, never on the thread count: each
/// partition's partial sums go to its own slot and the slots are merged in index order, so a fit gives the same bits
/// on one thread or many.
/// </summary>
internal readonly struct RowPartition
{
    /// <summary>Rows per chunk, as scikit-learn's <c>CHUNK_SIZE</c>.</summary>
    public const int ChunkSize = 256;

    /// <summary>Most partitions a pass is split into; enough to balance many cores, few enough to keep slots small.</summary>
    public const int MaxPartitions = 64;

    /// <summary>Memory allowed for all partitions' per-cluster sums together.</summary>
    public const long SlotBudgetBytes = 8L << 20;

    /// <summary>Plans a pass over <paramref name="rows"/> rows whose partitions each keep <paramref name="slotBytes"/> bytes of partial sums.</summary>
    public RowPartition(int rows, long slotBytes)
        : this(rows, ChunkSize, slotBytes)
    {
    }

    private RowPartition(int rows, int chunkRows, long slotBytes)
    {
        Rows = rows;
        _chunkRows = chunkRows;
        int chunks = (int)(((long)rows + chunkRows - 1) / chunkRows);
        long byBudget = Math.Max(1, SlotBudgetBytes / Math.Max(1, slotBytes));
        Count = (int)Math.Max(1, Math.Min(Math.Min(chunks, MaxPartitions), byBudget));
        ChunkCount = chunks;
    }

    /// <summary>
    /// Plans work over <paramref name="items"/> items other than rows (clusters, features) in chunks of
    /// <paramref name="chunkItems"/>, with no slots: for work whose results do not depend on how it is split.
    /// </summary>
    public static RowPartition OfItems(int items, int chunkItems) => new(items, chunkItems, slotBytes: 1);

    private readonly int _chunkRows;

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of chunks (of <see cref="ChunkSize"/> rows, unless planned by <see cref="OfItems"/>).</summary>
    public int ChunkCount { get; }

    /// <summary>The number of partitions.</summary>
    public int Count { get; }

    /// <summary>The rows [start, end) of partition <paramref name="partition"/>: whole chunks, spread evenly.</summary>
    public (int Start, int End) RowsOf(int partition)
    {
        int firstChunk = (int)((long)ChunkCount * partition / Count);
        int endChunk = (int)((long)ChunkCount * (partition + 1) / Count);
        return (Math.Min(Rows, firstChunk * _chunkRows), Math.Min(Rows, endChunk * _chunkRows));
    }
}
