using BenchmarkDotNet.Running;
using Centroid.Benchmarks;

// `peak`: the machine's FMA throughput; `floor FILE`: the time to read a data file's arrays once on every core;
// `dispatch [THREADS]`: the cost of handing a pass to the worker threads; `mlnet FILE.npy K ITERATIONS`: ML.NET's KMeans
// on the same data;
// anything else goes to BenchmarkDotNet (e.g. `--filter *Assign*`).
return args.FirstOrDefault() switch
{
    "peak" => FmaPeakProbe.Run(),
    "dispatch" => DispatchProbe.Run(args[1..]),
    "floor" => MemoryFloorProbe.Run(args[1..]),
    "mlnet" => MlNetKMeansRun.Run(args[1..]),
    "pass" => PassProfile.Run(args[1..]),
    "iterations" => IterationProfile.Run(args[1..]),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(AssignBenchmarks<>).Assembly).Run(args);
    return 0;
}
