using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Centroid.Kernels;

/// <summary>
/// Dense rows for the bounds algorithms: Lloyd's <see cref="DenseRows{T}"/> operations (its update sums among them),
/// delegated, plus exact scores of single rows and rows loaded in working coordinates.
/// </summary>
internal readonly struct DenseExactRows<T> : IExactRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseRows<T> _rows;
    private readonly DenseMatrix<T> _matrix;

    /// <summary>
    /// Views <paramref name="matrix"/> shifted by <paramref name="shift"/> (null for no shift), as <see cref="DenseRows{T}"/>;
    /// with <paramref name="split"/>, unweighted update sums are exact (<see cref="SumForm.ExactSplit"/>).
    /// </summary>
    public DenseExactRows(DenseMatrix<T> matrix, T[]? shift, ExactSplit<T>? split = null)
    {
        _rows = new DenseRows<T>(matrix, shift, split);
        _matrix = matrix;
    }

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public int Columns => _matrix.Columns;

    /// <inheritdoc/>
    public int MaxTerms => _matrix.Columns;

    /// <inheritdoc/>
    public bool IsSparse => false;

    /// <inheritdoc/>
    public bool HasRepeatedIndices => false;

    /// <inheritdoc/>
    public AssignTotals Assign(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true) =>
        _rows.Assign(start, end, centers, weights, labels, scratch, sums, clusterWeights, moved, sumScores);

    /// <inheritdoc/>
    public int ScratchLength(int clusters) => _rows.ScratchLength(clusters);

    /// <inheritdoc/>
    public T SquaredDistance(int row, ReadOnlySpan<T> center, T centerNorm) => _rows.SquaredDistance(row, center, centerNorm);

    /// <inheritdoc/>
    public void AddRow(int row, double scale, Span<double> destination) => _rows.AddRow(row, scale, destination);

    /// <inheritdoc/>
    public void CopyRow(int row, Span<T> destination) => _rows.CopyRow(row, destination);

    /// <inheritdoc/>
    public double DotAndNorm(int row, ReadOnlySpan<double> point, out double rowNorm) => _rows.DotAndNorm(row, point, out rowNorm);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load(int row, Span<T> destination) => _rows.Shift(_matrix.Row(row), destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LoadRows(ReadOnlySpan<int> rows, Span<T> destination)
    {
        // The memory is resolved to a span once for all the rows, not once per row.
        int d = Columns;
        int stride = _matrix.Stride;
        ReadOnlySpan<T> data = _matrix.Memory.Span;
        for (int r = 0; r < rows.Length; r++)
        {
            _rows.Shift(data.Slice(rows[r] * stride, d), destination.Slice(r * d, d));
        }
    }

    /// <inheritdoc/>
    public T Score(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, int cluster) =>
        ExactScore.Dense(loaded[..Columns], centers.Row(cluster), centers.Norms[cluster]);

    /// <inheritdoc/>
    public void Scores(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, ReadOnlySpan<int> clusters, Span<T> scores) =>
        ExactScore.Dense(loaded[..Columns], centers, clusters, scores);

    /// <inheritdoc/>
    public void ScorePairs(ReadOnlySpan<int> rows, ReadOnlySpan<T> loaded, ReadOnlySpan<int> clusters, CenterSet<T> centers, Span<T> scores) =>
        ExactScore.DensePairs(loaded, Columns, clusters, centers, scores);

    /// <inheritdoc/>
    public void ScoreAll(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, Span<T> scores) =>
        ExactScore.DenseAll(loaded[..Columns], centers, scores);

    /// <inheritdoc/>
    public void ScoreTile(ReadOnlySpan<int> rows, ReadOnlySpan<T> loaded, CenterSet<T> centers, Span<T> scores) =>
        DenseScoreKernel.Scores(loaded, Columns, centers, scores);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double SquaredNorm(int row, ReadOnlySpan<T> loaded)
    {
        // Four running sums (any order is within the bound's allowance): a quarter of the latency of one chain.
        ref T x = ref MemoryMarshal.GetReference(loaded);
        int d = Columns;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int f = 0;
        for (; f + 4 <= d; f += 4)
        {
            double v0 = double.CreateTruncating(Unsafe.Add(ref x, f));
            double v1 = double.CreateTruncating(Unsafe.Add(ref x, f + 1));
            double v2 = double.CreateTruncating(Unsafe.Add(ref x, f + 2));
            double v3 = double.CreateTruncating(Unsafe.Add(ref x, f + 3));
            s0 = Math.FusedMultiplyAdd(v0, v0, s0);
            s1 = Math.FusedMultiplyAdd(v1, v1, s1);
            s2 = Math.FusedMultiplyAdd(v2, v2, s2);
            s3 = Math.FusedMultiplyAdd(v3, v3, s3);
        }

        for (; f < d; f++)
        {
            double v = double.CreateTruncating(Unsafe.Add(ref x, f));
            s0 = Math.FusedMultiplyAdd(v, v, s0);
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <inheritdoc/>
    /// <remarks>Not with the exact split: its sums are kept exact row by row, and the bounds solver moves rows instead.</remarks>
    public bool SumsByBlock => _rows.SumParts == 1;

    /// <inheritdoc/>
    public void BlockSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> row, Span<T> blockSums) =>
        _rows.BlockSums(start, end, labels, weights, clusters, row, blockSums);

    /// <inheritdoc/>
    public SumForm GetSumForm(ReadOnlySpan<T> weights) => _rows.GetSumForm(weights);

    /// <inheritdoc/>
    public int SumParts => _rows.SumParts;

    /// <inheritdoc/>
    public void MoveRow(int i, int from, int to, Span<T> row, Span<double> sums, Span<double> clusterWeights) =>
        _rows.MoveRow(i, from, to, row, sums, clusterWeights);

    /// <inheritdoc/>
    public AssignTotals AssignMovingRows(int start, int end, CenterSet<T> centers, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true) =>
        _rows.AssignMovingRows(start, end, centers, labels, scratch, sums, clusterWeights, moved, sumScores);

    /// <inheritdoc/>
    public int SumScratchLength(int clusters) => _rows.SumScratchLength(clusters);

    /// <inheritdoc/>
    public void PartitionSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> scratch, Span<double> sums, Span<double> clusterWeights) =>
        _rows.PartitionSums(start, end, labels, weights, clusters, scratch, sums, clusterWeights);
}
