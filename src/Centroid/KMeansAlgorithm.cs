namespace Centroid;

/// <summary>
/// The iteration a fit runs. Every algorithm returns Lloyd's result: from the same initial centers, the same labels and
/// iteration count and, within rounding, the same inertia (the accelerated ones only skip distance computations that
/// provably cannot change a label). They differ in speed and extra memory (n samples, k clusters, d features, s the size
/// of the element type: 4 for float, 8 for double).
/// </summary>
/// <remarks>
/// Besides what each algorithm states, every bounds algorithm keeps, when the update sums are exact in any order
/// (unweighted data whose columns span few enough bits: most dense data, CSR values on a common grid), the cluster
/// whose sums hold each sample, 4n bytes, and moves the samples whose label changed; otherwise, on dense data, a block
/// cache of update sums, ⌈n / 256⌉ · (k·d·s + 4k + 8⌈k / 64⌉) bytes, when that fits the budget max(64 MiB, n·d·s)
/// (else it re-reads rows). Each thread keeps buffers of a few tens of KiB (a tile and a batch of 64 rows, scores for a
/// tile).
/// </remarks>
public enum KMeansAlgorithm
{
    /// <summary>Lloyd's algorithm, as scikit-learn's <c>algorithm="lloyd"</c>: every distance every iteration. Extra memory: none beyond the fit's.</summary>
    Lloyd,

    /// <summary>
    /// Elkan's algorithm, as scikit-learn's <c>algorithm="elkan"</c>: an upper bound and k lower bounds per sample. Extra
    /// memory: n·k·s + 8n + 8k² bytes (plus 4n or the block cache, see the remarks). scikit-learn's Elkan compares exact distances; this one returns this library's
    /// Lloyd result (on scikit-learn's test fixtures the two are the same).
    /// </summary>
    Elkan,

    /// <summary>
    /// Chooses per shape (n, d, k, element type, density) the algorithm measured fastest, within an extra-memory budget;
    /// its results are Lloyd's. The model's <c>Algorithm</c> names the one that ran.
    /// </summary>
    Auto,

    /// <summary>Hamerly's algorithm: one upper and one lower bound per sample. Extra memory: 16n + 8kd + 24k bytes (plus 4n or the block cache).</summary>
    Hamerly,

    /// <summary>
    /// Exponion (Newling and Fleuret, 2016): Hamerly's bounds, and when they fail only the centers in a ball around the
    /// sample's center are scored. Extra memory: 16n + 8kd + 20k² + 24k bytes (plus 4n or the block cache).
    /// </summary>
    Exponion,

    /// <summary>
    /// Yinyang k-means (Ding et al., 2015): an upper bound and one lower bound per group of about 10 centers per sample.
    /// Extra memory: n·⌈k/10⌉·s + 8n + 8k² + 40k bytes (plus 4n or the block cache).
    /// </summary>
    Yinyang,
}
