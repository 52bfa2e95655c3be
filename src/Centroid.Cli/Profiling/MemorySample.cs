namespace Centroid.Cli.Profiling;

/// <summary>A process's resident memory at one moment.</summary>
/// <param name="Seconds">Time since the process was started.</param>
/// <param name="ResidentBytes">Its resident set size (VmRSS): anonymous, file-backed and shared pages in memory.</param>
internal readonly record struct MemorySample(double Seconds, long ResidentBytes);
