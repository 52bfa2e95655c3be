using System.Text.Json.Serialization;

namespace Centroid.Cli.Output;

/// <summary>
/// What a fit did, as written to <c>summary.json</c>. The JSON keys are spelled out because scripts read them:
/// scikit-learn's parameter names where there is one, snake_case throughout.
/// </summary>
internal sealed record FitSummary
{
    /// <summary>The full path of the input file.</summary>
    [JsonPropertyName("input")]
    public required string Input { get; init; }

    /// <summary>"dense" or "csr".</summary>
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>"float32" or "float64": the element type of the data and of the centers.</summary>
    [JsonPropertyName("dtype")]
    public required string DataType { get; init; }

    [JsonPropertyName("n_samples")]
    public required int Samples { get; init; }

    [JsonPropertyName("n_features")]
    public required int Features { get; init; }

    [JsonPropertyName("clusters")]
    public required int Clusters { get; init; }

    [JsonPropertyName("algorithm")]
    public required string Algorithm { get; init; }

    /// <summary>"k-means++", "random", or the path of the initial centers file.</summary>
    [JsonPropertyName("init")]
    public required string Init { get; init; }

    /// <summary>The number of initialisations actually run ('auto' resolved).</summary>
    [JsonPropertyName("n_init")]
    public required int InitRuns { get; init; }

    /// <summary>The seed used, drawn when none was given, so that the run can be repeated.</summary>
    [JsonPropertyName("seed")]
    public required uint Seed { get; init; }

    [JsonPropertyName("tol")]
    public required double Tolerance { get; init; }

    [JsonPropertyName("max_iter")]
    public required int MaxIterations { get; init; }

    /// <summary>The most threads the fit used.</summary>
    [JsonPropertyName("threads")]
    public required int Threads { get; init; }

    [JsonPropertyName("inertia")]
    public required double Inertia { get; init; }

    /// <summary>The iterations of the best run; for minibatch, the passes over the data started (scikit-learn's <c>n_iter_</c>).</summary>
    [JsonPropertyName("iterations")]
    public required int Iterations { get; init; }

    /// <summary>minibatch only: the batch size used, min(--batch-size, n_samples); absent for lloyd.</summary>
    [JsonPropertyName("batch_size")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BatchSize { get; init; }

    /// <summary>minibatch only: the mini-batches processed (scikit-learn's <c>n_steps_</c>); absent for lloyd.</summary>
    [JsonPropertyName("steps")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Steps { get; init; }

    /// <summary>Wall-clock seconds of the fit alone, excluding reading and writing files.</summary>
    [JsonPropertyName("fit_seconds")]
    public required double FitSeconds { get; init; }

    /// <summary>The model's warnings (scikit-learn's), empty when none.</summary>
    [JsonPropertyName("warnings")]
    public required IReadOnlyList<string> Warnings { get; init; }
}
