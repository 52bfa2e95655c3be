namespace Centroid.Solvers;

/// <summary>
/// scikit-learn's early stopping for mini-batch k-means (<c>MiniBatchKMeans._mini_batch_convergence</c>), in double as
/// its Python floats: the batch inertia per sample, smoothed by an exponentially weighted average (EWA) with
/// α = min(2b / (n + 1), 1); a stop when the step's total squared center change is within the tolerance, or when the EWA
/// has made no new minimum for <c>max_no_improvement</c> consecutive steps. The first step is ignored (its inertia
/// measures the initialisation).
/// </summary>
internal sealed class MiniBatchConvergence
{
    private readonly int _batchSize;
    private readonly int _samples;
    private readonly double _tolerance;
    private readonly int? _maxNoImprovement;

    /// <summary>Monitors a fit of <paramref name="samples"/> samples in batches of <paramref name="batchSize"/>.</summary>
    /// <param name="batchSize">scikit-learn's <c>_batch_size</c>.</param>
    /// <param name="samples">n.</param>
    /// <param name="tolerance">The absolute tolerance on the squared center change (already scaled by the variance); 0 disables it.</param>
    /// <param name="maxNoImprovement">Steps without a new EWA minimum before stopping; null disables it.</param>
    public MiniBatchConvergence(int batchSize, int samples, double tolerance, int? maxNoImprovement)
    {
        _batchSize = batchSize;
        _samples = samples;
        _tolerance = tolerance;
        _maxNoImprovement = maxNoImprovement;
    }

    /// <summary>The EWA of the per-sample batch inertia; null until step 2.</summary>
    public double? Average { get; private set; }

    /// <summary>The smallest EWA so far; null until step 2.</summary>
    public double? Minimum { get; private set; }

    /// <summary>Consecutive steps since the EWA last made a new minimum.</summary>
    public int StepsWithoutImprovement { get; private set; }

    /// <summary>The last step's batch inertia per sample.</summary>
    public double LastBatchInertia { get; private set; }

    /// <summary>Takes step <paramref name="step"/> (from 0) into account and says whether to stop.</summary>
    /// <param name="step">The step index, from 0.</param>
    /// <param name="squaredChange">Σ‖new − old‖² over the centers for this step (0 when the tolerance is 0).</param>
    /// <param name="batchInertia">The step's batch inertia, with the centers before the update.</param>
    public MiniBatchStop Update(long step, double squaredChange, double batchInertia)
    {
        double perSample = batchInertia / _batchSize;
        LastBatchInertia = perSample;
        if (step == 0)
        {
            return MiniBatchStop.None;
        }

        if (Average is double average)
        {
            // Same operations in the same order as scikit-learn's Python floats.
            double alpha = Math.Min(_batchSize * 2.0 / (_samples + 1), 1);
            Average = (average * (1 - alpha)) + (perSample * alpha);
        }
        else
        {
            Average = perSample;
        }

        if (_tolerance > 0.0 && squaredChange <= _tolerance)
        {
            return MiniBatchStop.SmallCenterChange;
        }

        if (Minimum is not double minimum || Average < minimum)
        {
            StepsWithoutImprovement = 0;
            Minimum = Average;
        }
        else
        {
            StepsWithoutImprovement++;
        }

        return _maxNoImprovement is int limit && StepsWithoutImprovement >= limit ? MiniBatchStop.NoImprovement : MiniBatchStop.None;
    }
}
