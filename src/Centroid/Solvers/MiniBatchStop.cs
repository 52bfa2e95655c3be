namespace Centroid.Solvers;

/// <summary>Why a mini-batch fit stopped.</summary>
internal enum MiniBatchStop
{
    /// <summary>Not stopped: the fit goes on.</summary>
    None,

    /// <summary>The total squared center change of a step was within the tolerance ("Converged (small centers change)").</summary>
    SmallCenterChange,

    /// <summary>The smoothed batch inertia had no new minimum for <c>max_no_improvement</c> steps ("Converged (lack of improvement in inertia)").</summary>
    NoImprovement,

    /// <summary>All ⌊max_iter × n / b⌋ steps ran.</summary>
    MaxIterations,
}
