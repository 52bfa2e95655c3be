namespace Centroid.Kernels;

/// <summary>How a row source keeps the update step's per-cluster sums (see <see cref="IRowSource{T}.GetSumForm"/>).</summary>
internal enum SumForm
{
    /// <summary>k × d doubles whose bits depend on the order of their terms: rows are summed in a fixed order.</summary>
    Ordered,

    /// <summary>k × d doubles, every partial sum exact, so the order of the terms does not matter (CSR on a common grid).</summary>
    Exact,

    /// <summary>
    /// 2 × k × d doubles, all clusters' high parts and then all their low parts, each part's partial sums exact, so the
    /// order does not matter; a sum is its high part plus its low part, rounded once (<see cref="ExactSplit{T}"/>).
    /// </summary>
    ExactSplit,
}
