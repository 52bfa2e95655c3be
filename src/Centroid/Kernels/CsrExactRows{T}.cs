using System.Numerics;
using System.Runtime.CompilerServices;

namespace Centroid.Kernels;

/// <summary>
/// CSR rows for the bounds algorithms: Lloyd's <see cref="CsrRows{T}"/> operations (its update sums among them),
/// delegated, plus exact scores of single rows (stored entries in order, as <see cref="CsrAssignKernel"/>).
/// </summary>
internal readonly struct CsrExactRows<T> : IExactRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CsrRows<T> _rows;
    private readonly CsrMatrix<T> _matrix;

    /// <summary>Views <paramref name="matrix"/>; finds the longest row and whether any row repeats a column index (O(nnz)).</summary>
    public CsrExactRows(CsrMatrix<T> matrix)
    {
        _rows = new CsrRows<T>(matrix);
        _matrix = matrix;
        ReadOnlySpan<int> indptr = matrix.RowPointers.Span;
        ReadOnlySpan<int> indices = matrix.Indices.Span;
        int longest = 0;
        bool repeated = false;
        int[] seen = new int[matrix.Columns];
        for (int i = 0; i < matrix.Rows; i++)
        {
            int start = indptr[i], end = indptr[i + 1];
            longest = Math.Max(longest, end - start);
            for (int e = start; e < end && !repeated; e++)
            {
                // seen[c] holds 1 + the last row that used column c.
                repeated = seen[indices[e]] == i + 1;
                seen[indices[e]] = i + 1;
            }
        }

        MaxTerms = Math.Max(1, longest);
        HasRepeatedIndices = repeated;
    }

    /// <inheritdoc/>
    public int Rows => _matrix.Rows;

    /// <inheritdoc/>
    public int Columns => _matrix.Columns;

    /// <inheritdoc/>
    public int MaxTerms { get; }

    /// <inheritdoc/>
    public bool IsSparse => true;

    /// <inheritdoc/>
    public bool HasRepeatedIndices { get; }

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
    public void Load(int row, Span<T> destination)
    {
    }

    /// <inheritdoc/>
    public void LoadRows(ReadOnlySpan<int> rows, Span<T> destination)
    {
    }

    /// <inheritdoc/>
    public T Score(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, int cluster)
    {
        SparseRow<T> x = _matrix.Row(row);
        return ExactScore.Sparse(x.Indices, x.Values, centers.Row(cluster), centers.Norms[cluster]);
    }

    /// <inheritdoc/>
    public void Scores(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, ReadOnlySpan<int> clusters, Span<T> scores)
    {
        SparseRow<T> x = _matrix.Row(row);
        for (int i = 0; i < clusters.Length; i++)
        {
            int j = clusters[i];
            scores[i] = ExactScore.Sparse(x.Indices, x.Values, centers.Row(j), centers.Norms[j]);
        }
    }

    /// <inheritdoc/>
    public void ScorePairs(ReadOnlySpan<int> rows, ReadOnlySpan<T> loaded, ReadOnlySpan<int> clusters, CenterSet<T> centers, Span<T> scores)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            scores[r] = Score(rows[r], loaded, centers, clusters[r]);
        }
    }

    /// <inheritdoc/>
    public void ScoreAll(int row, ReadOnlySpan<T> loaded, CenterSet<T> centers, Span<T> scores)
    {
        SparseRow<T> x = _matrix.Row(row);
        ExactScore.SparseAll(x.Indices, x.Values, centers, scores);
    }

    /// <inheritdoc/>
    public void ScoreTile(ReadOnlySpan<int> rows, ReadOnlySpan<T> loaded, CenterSet<T> centers, Span<T> scores)
    {
        int stride = DenseScoreKernel.RowStride(centers.PaddedClusters);
        for (int r = 0; r < rows.Length; r++)
        {
            SparseRow<T> x = _matrix.Row(rows[r]);
            ExactScore.SparseAll(x.Indices, x.Values, centers, scores[(r * stride)..]);
        }
    }

    /// <inheritdoc/>
    public double SquaredNorm(int row, ReadOnlySpan<T> loaded)
    {
        // Without repeated indices the stored entries are the row's non-zero features.
        ReadOnlySpan<T> values = _matrix.Row(row).Values;
        double sum = 0;
        for (int e = 0; e < values.Length; e++)
        {
            double v = double.CreateTruncating(values[e]);
            sum = Math.FusedMultiplyAdd(v, v, sum);
        }

        return sum;
    }

    /// <inheritdoc/>
    public bool SumsByBlock => false;

    /// <inheritdoc/>
    public void BlockSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> row, Span<T> blockSums) =>
        throw new NotSupportedException("CSR sums are not formed by blocks.");

    /// <inheritdoc/>
    public SumForm GetSumForm(ReadOnlySpan<T> weights) => _rows.GetSumForm(weights);

    /// <inheritdoc/>
    public int SumParts => 1;

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
