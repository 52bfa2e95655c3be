namespace Centroid.Cli.Profiling;

/// <summary>What one <c>centroid fit</c> child did: its memory over time and the figures of its <c>summary.json</c>.</summary>
/// <param name="Memory">Its resident memory.</param>
/// <param name="FitSeconds">The fit alone, without reading and writing (<c>fit_seconds</c>).</param>
/// <param name="Iterations">The iterations of the best run (<c>iterations</c>).</param>
/// <param name="Inertia">The inertia (<c>inertia</c>).</param>
internal sealed record FitRun(MemoryTrace Memory, double FitSeconds, int Iterations, double Inertia);
