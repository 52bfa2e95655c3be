namespace Centroid.Solvers;

/// <summary>What one Lloyd run returns; the centers and labels are left in the buffers the run was given.</summary>
internal readonly struct LloydResult
{
    /// <summary>Creates a result.</summary>
    public LloydResult(double inertia, int iterations, bool strictConvergence)
    {
        Inertia = inertia;
        Iterations = iterations;
        StrictConvergence = strictConvergence;
    }

    /// <summary>Σ w·‖x − c_label‖² for the returned centers and labels, in the exact difference form.</summary>
    public double Inertia { get; }

    /// <summary>Iterations run, as scikit-learn's <c>n_iter_</c>.</summary>
    public int Iterations { get; }

    /// <summary>Whether the run stopped because no label changed.</summary>
    public bool StrictConvergence { get; }
}
