using System.Numerics;

namespace Centroid.Kernels;

/// <summary>
/// The rows a solver clusters, dense or CSR, seen in working coordinates (dense data is shifted by the column
/// means on the fly, as scikit-learn centers its copy; CSR is used as is). Solvers are generic over the
/// implementing struct, so each call is direct and inlinable.
/// </summary>
internal interface IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>n.</summary>
    int Rows { get; }

    /// <summary>d.</summary>
    int Columns { get; }

    /// <summary>
    /// The assignment step for rows [<paramref name="start"/>, <paramref name="end"/>): each row's nearest center
    /// by ‖c‖² − 2 x·c (ties to the lowest index), written to <paramref name="labels"/>, counting labels that
    /// changed; with <paramref name="sums"/> non-empty, also the update step's weighted sums and weights.
    /// </summary>
    /// <param name="start">First row.</param>
    /// <param name="end">End of the rows (exclusive).</param>
    /// <param name="centers">The centers in working coordinates.</param>
    /// <param name="weights">Sample weights, or empty for unit weights.</param>
    /// <param name="labels">All n labels; rows [start, end) are read (previous) and written (new).</param>
    /// <param name="scratch">At least <see cref="ScratchLength"/> elements.</param>
    /// <param name="sums">k × d weighted sums to add to, or empty for no update step.</param>
    /// <param name="clusterWeights">k cluster weights to add to, or empty.</param>
    /// <param name="moved">
    /// A cluster bit mask (<see cref="ClusterMask"/>) to which every changed row adds its previous and its new label, or
    /// empty: which clusters' sums the pass changed, for solvers that sum again only those.
    /// </param>
    /// <param name="sumScores">
    /// Whether to total the chosen centers' scores (<see cref="AssignTotals.Score"/>); a pass whose caller reports no
    /// inertia skips the sum.
    /// </param>
    /// <returns>
    /// Σ w·(‖c‖² − 2 x·c) of the chosen centers (the inertia less the constant Σ w‖x‖²; 0 unless
    /// <paramref name="sumScores"/>) and the number of changed labels.
    /// </returns>
    AssignTotals Assign(int start, int end, CenterSet<T> centers, ReadOnlySpan<T> weights, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true);

    /// <summary>
    /// How the update step's sums of these rows, with these <paramref name="weights"/>, are kept (<see cref="SumForm"/>):
    /// when exact in any order, a row that changes cluster can be subtracted from one sum and added to another
    /// (<see cref="AssignMovingRows"/>, <see cref="MoveRow"/>) and the sums keep the bits of summing every row. Fixed for
    /// a fit; the sums spans every method here takes are laid out in this form.
    /// </summary>
    SumForm GetSumForm(ReadOnlySpan<T> weights);

    /// <summary>
    /// Doubles per cluster and feature that the sums can take (2 when <see cref="GetSumForm"/> may be
    /// <see cref="SumForm.ExactSplit"/>, else 1), known without a pass over the data: the row plan sizes its slots by it.
    /// </summary>
    int SumParts { get; }

    /// <summary>
    /// As <see cref="Assign"/> with unit weights, for rows whose <paramref name="sums"/> and
    /// <paramref name="clusterWeights"/> already hold their current labels' sums and are exact in any order
    /// (<see cref="GetSumForm"/>): instead of summing every row, a row whose label changes is subtracted from
    /// its old cluster's sums and added to its new one's.
    /// </summary>
    AssignTotals AssignMovingRows(int start, int end, CenterSet<T> centers, Span<int> labels, Span<T> scratch, Span<double> sums, Span<double> clusterWeights, Span<ulong> moved, bool sumScores = true);

    /// <summary>
    /// With unit weights and sums exact in any order (<see cref="GetSumForm"/>): row <paramref name="i"/> is subtracted
    /// from cluster <paramref name="from"/>'s sums and weight (none when −1) and added to cluster <paramref name="to"/>'s.
    /// <paramref name="row"/> is scratch for one row (d elements).
    /// </summary>
    void MoveRow(int i, int from, int to, Span<T> row, Span<double> sums, Span<double> clusterWeights);

    /// <summary>Scratch elements <see cref="Assign"/> needs for <paramref name="clusters"/> centers.</summary>
    int ScratchLength(int clusters);

    /// <summary>Elements of scratch <see cref="PartitionSums"/> needs for <paramref name="clusters"/> clusters.</summary>
    int SumScratchLength(int clusters);

    /// <summary>
    /// Lloyd's update-step sums and weights of the clusters in <paramref name="clusters"/> (a bit mask) for the rows
    /// [<paramref name="start"/>, <paramref name="end"/>) of one partition, with the same arithmetic in the same order
    /// as <see cref="Assign"/>: those clusters' rows of <paramref name="sums"/> and their
    /// <paramref name="clusterWeights"/> are replaced; the other clusters' are left alone. Rows with other labels are
    /// not read.
    /// </summary>
    void PartitionSums(int start, int end, ReadOnlySpan<int> labels, ReadOnlySpan<T> weights, ReadOnlySpan<ulong> clusters, Span<T> scratch, Span<double> sums, Span<double> clusterWeights);

    /// <summary>
    /// ‖x − c‖² in T, in scikit-learn's exact difference form (dense: <c>_euclidean_dense_dense</c>; CSR:
    /// <c>_euclidean_sparse_dense</c>, which needs ‖c‖², passed as <paramref name="centerNorm"/>).
    /// </summary>
    T SquaredDistance(int row, ReadOnlySpan<T> center, T centerNorm);

    /// <summary>destination += scale · x (working coordinates), in double.</summary>
    void AddRow(int row, double scale, Span<double> destination);

    /// <summary>Writes row <paramref name="row"/> in working coordinates to <paramref name="destination"/> (d elements).</summary>
    void CopyRow(int row, Span<T> destination);

    /// <summary>x·p and ‖x‖² in double, for the k-means++ potentials (scikit-learn computes those in float64).</summary>
    double DotAndNorm(int row, ReadOnlySpan<double> point, out double rowNorm);
}

/// <summary>What an assignment pass over some rows adds up.</summary>
internal struct AssignTotals
{
    /// <summary>
    /// Σ w·(‖c_label‖² − 2 x·c_label): the inertia from the assignment's dot products, less Σ w‖x‖², which does not
    /// change between iterations and is added once by whoever reports it (no per-row norm in the hot loop).
    /// </summary>
    public double Score;

    /// <summary>How many labels differ from their previous value.</summary>
    public int Changed;
}
