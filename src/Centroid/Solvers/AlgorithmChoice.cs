using Centroid.Kernels;

namespace Centroid.Solvers;

/// <summary>
/// <see cref="KMeansAlgorithm.Auto"/>: the algorithm for a shape (n, d, k, element type, density), from measurements on
/// this project's benchmark machine (2 cores, AVX2; whole fits to convergence, 2 threads, same initial centers; every
/// algorithm returns the same labels, so only the time differs). Whatever it picks, the result is Lloyd's.
/// </summary>
/// <remarks>
/// <para>The rule, and the measurements behind it (seconds, medians of alternating runs; see
/// benchmarks/compare/algorithms_compare.py and the closing note of the accelerated-algorithms issue):</para>
/// <list type="bullet">
/// <item>CSR → Lloyd. tf-idf, 22000 × 44000 float32 CSR (0.3 % dense), k = 20, 14 iterations: Lloyd 0.47, Hamerly 0.76,
/// Exponion 0.77, Elkan 0.76, Yinyang 0.83 — sparse, high-dimensional rows are nearly equidistant from every center,
/// so bounds prove little, and few iterations leave nothing to amortise the first full pass.</item>
/// <item>Dense, k &lt; 64 → Lloyd. On uniform data the bounds keep failing and Lloyd's kernel is fastest when k
/// fits a few vectors: 200000 × 20 float32, 300 iterations, Lloyd / Hamerly: k = 8 1.6 / 2.2, k = 16 1.9 / 2.3,
/// k = 32 2.7 / 3.3. (Clustered data would gain even at k = 8 — make_blobs k = 8: Lloyd 0.85, Hamerly 0.60 — but the
/// shape does not tell clustered from uniform, and auto must not lose to Lloyd.)</item>
/// <item>Dense, k ≥ 64 → Hamerly (ours: exact scores, vectorised rescoring, batched tightening, incremental sums),
/// the fastest or tied for fastest everywhere measured: uniform 200000 × 20, k = 64: Lloyd 3.4, Hamerly 3.2;
/// uniform 100000 × 64, k = 256: Lloyd 14.4, Hamerly 9.1, Exponion 10.1, Yinyang 10.6, Elkan 14.1; make_blobs
/// 200000 × 32, k = 64, float64: Lloyd 1.6–2.1, Hamerly 0.12–0.15, Exponion 0.14–0.15; china.jpg pixels k = 64 float32:
/// Lloyd 1.2–1.5, Hamerly 0.65–0.8, Exponion 1.2.</item>
/// <item>Never beyond <see cref="MemoryBudget{T}"/>: Hamerly needs 16n bytes plus tables; if that does not fit, Lloyd
/// (which needs none). The block cache of <see cref="BoundedSolver{T, TRows}"/> is used only within the budget too.
/// Elkan (n·k bounds) and Yinyang are never chosen: they were never the fastest here.</item>
/// </list>
/// </remarks>
internal static class AlgorithmChoice
{
    /// <summary>From this many clusters on, dense data runs Hamerly.</summary>
    public const int BoundsFromClusters = 64;

    /// <summary>The algorithm for n rows of d features (<paramref name="sparse"/> for CSR) and k clusters.</summary>
    public static KMeansAlgorithm Choose<T>(int rows, int columns, int clusters, bool sparse) where T : unmanaged
    {
        if (sparse || clusters < BoundsFromClusters)
        {
            return KMeansAlgorithm.Lloyd;
        }

        return HamerlyBytes(rows, clusters, columns) <= MemoryBudget<T>(rows, columns) ? KMeansAlgorithm.Hamerly : KMeansAlgorithm.Lloyd;
    }

    /// <summary>
    /// The extra memory an accelerated algorithm may use when the library chooses it (auto, and the block cache):
    /// the larger of 64 MiB and the size of a dense X (n·d elements).
    /// </summary>
    public static unsafe long MemoryBudget<T>(int rows, int columns) where T : unmanaged => Math.Max(64L << 20, (long)rows * columns * sizeof(T));

    /// <summary>Hamerly's bounds and tables: 16n + 8kd + 24k bytes.</summary>
    private static long HamerlyBytes(long rows, int clusters, int features) => (16 * rows) + (8L * clusters * features) + (24L * clusters);
}
