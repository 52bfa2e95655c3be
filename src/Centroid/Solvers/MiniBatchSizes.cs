namespace Centroid.Solvers;

/// <summary>
/// scikit-learn's <c>_batch_size</c> and <c>_init_size</c> for n samples (<c>MiniBatchKMeans._check_params_vs_input</c>,
/// reference §4.5).
/// </summary>
/// <param name="BatchSize">min(batch size, n).</param>
/// <param name="InitSize">The initialisation and validation sample size, at most n.</param>
/// <param name="Warning">scikit-learn's warning when the requested init size was below k; null otherwise.</param>
internal readonly record struct MiniBatchSizes(int BatchSize, int InitSize, string? Warning)
{
    /// <summary>Resolves the sizes for <paramref name="samples"/> samples (for a partial fit, those of its first batch).</summary>
    public static MiniBatchSizes Resolve(int batchSize, int? initSize, int clusters, int samples)
    {
        int batch = Math.Min(batchSize, samples);
        string? warning = null;
        long size;
        if (initSize is int requested)
        {
            size = requested;
            if (requested < clusters)
            {
                size = 3L * clusters;
                warning = $"init_size={requested} should be larger than n_clusters={clusters}. Setting it to min(3*n_clusters, n_samples)";
            }
        }
        else
        {
            size = 3L * batch;
            if (size < clusters)
            {
                size = 3L * clusters;
            }
        }

        return new MiniBatchSizes(batch, (int)Math.Min(size, samples), warning);
    }
}
