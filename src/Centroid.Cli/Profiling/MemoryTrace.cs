namespace Centroid.Cli.Profiling;

/// <summary>A process's resident memory over its life, sampled from <c>/proc</c>.</summary>
/// <param name="Samples">The samples, in time order.</param>
/// <param name="PeakBytes">
/// The most resident memory the process had: its VmHWM as it exited (see <see cref="PeakMemoryRecorder"/>), which covers spikes
/// between two samples and its last moments; failing that, the highest VmHWM read while sampling.
/// </param>
/// <param name="PreLoadBytes">
/// The resident memory in the last sample before the process loaded its input (see <see cref="ProcessMemorySampler"/>);
/// null when no sample came before.
/// </param>
internal sealed record MemoryTrace(IReadOnlyList<MemorySample> Samples, long PeakBytes, long? PreLoadBytes);
