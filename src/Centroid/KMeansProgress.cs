namespace Centroid;

/// <summary>
/// Reported once per Lloyd iteration to an <see cref="IProgress{T}"/> given to a fit; a <see cref="MiniBatchKMeans{T}"/>
/// fit reports once per pass over the data instead (see its <c>Fit</c>).
/// </summary>
/// <param name="Run">The initialisation run, from 0 to <paramref name="Runs"/> − 1.</param>
/// <param name="Runs">The number of runs (the resolved <c>n_init</c>).</param>
/// <param name="Iteration">The iteration within the run, from 0.</param>
/// <param name="MaxIterations">The iteration limit of a run.</param>
/// <param name="Inertia">Σ w·‖x − c‖² of the centers this iteration assigned with (scikit-learn's verbose figure), from the assignment's dot products.</param>
public readonly record struct KMeansProgress(int Run, int Runs, int Iteration, int MaxIterations, double Inertia);
