using System.Text.Json.Serialization;

namespace Centroid.Cli.Output;

/// <summary>
/// The <c>summary.json</c> serializer, generated at compile time: no reflection at run time, so the natively compiled
/// tool writes the same file as the JIT-compiled one.
/// </summary>
[JsonSerializable(typeof(FitSummary))]
internal sealed partial class FitSummaryJsonContext : JsonSerializerContext;
