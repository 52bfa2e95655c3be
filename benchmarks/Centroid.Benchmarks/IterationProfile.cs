using System.Diagnostics;
using System.Numerics;
using Centroid.IO;

namespace Centroid.Benchmarks;

/// <summary>
/// `iterations FILE INIT ITERATIONS [ROUNDS [THREADS]]`: Lloyd fits of a `.npy` or CSR `.npz` from the given centers (tol 0), run
/// in this process one after another, timing each iteration from one progress report to the next (the update step, the
/// norms and the next assignment). Prints each iteration's median over the rounds and the median of iterations 2 on:
/// a steadier figure than timing whole runs of the tool on a shared machine, for comparing builds.
/// </summary>
internal static class IterationProfile
{
    public static int Run(string[] args)
    {
        string path = args[0], initPath = args[1];
        int iterations = int.Parse(args[2]);
        int rounds = args.Length > 3 ? int.Parse(args[3]) : 9;
        int? threads = args.Length > 4 ? int.Parse(args[4]) : null;
        bool sparse = path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);
        bool single = sparse ? NpzReader.ReadHeader(path).DataType == NpyDataType.Float32 : NpyReader.ReadHeader(path).ElementSize == 4;
        return single ? Run<float>(path, initPath, sparse, iterations, rounds, threads) : Run<double>(path, initPath, sparse, iterations, rounds, threads);
    }

    private static int Run<T>(string path, string initPath, bool sparse, int iterations, int rounds, int? threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseMatrix<T> init = NpyReader.ReadMatrix<T>(initPath);
        CsrMatrix<T> csr = sparse ? NpzReader.ReadCsr<T>(path) : default;
        DenseMatrix<T> dense = sparse ? default : NpyReader.ReadMatrix<T>(path);
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = init.Rows, Algorithm = KMeansAlgorithm.Lloyd, MaxIterations = iterations, Tolerance = 0, MaxDegreeOfParallelism = threads });
        var times = new double[iterations][];
        for (int i = 0; i < iterations; i++)
        {
            times[i] = new double[rounds];
        }

        for (int round = -1; round < rounds; round++)
        {
            var progress = new Stamps(iterations);
            KMeansModel<T> model = sparse ? kmeans.Fit(csr, init, progress: progress) : kmeans.Fit(dense, init, progress: progress);
            if (model.Iterations != iterations)
            {
                Console.Error.WriteLine($"converged after {model.Iterations} < {iterations} iterations; ask for fewer");
                return 1;
            }

            for (int i = 1; round >= 0 && i < iterations; i++)
            {
                times[i][round] = Stopwatch.GetElapsedTime(progress.At[i - 1], progress.At[i]).TotalMilliseconds;
            }
        }

        var medians = new List<double>();
        for (int i = 1; i < iterations; i++)
        {
            Array.Sort(times[i]);
            medians.Add(times[i][rounds / 2]);
            Console.WriteLine($"iteration {i,3}  median {times[i][rounds / 2],8:F3} ms  min {times[i][0],8:F3} ms");
        }

        double[] steady = medians.Skip(1).Order().ToArray();
        Console.WriteLine($"median of iterations 2..{iterations - 1}: {steady[steady.Length / 2]:F3} ms");
        return 0;
    }

    /// <summary>Records when each iteration is reported; the fit reports on its own thread, as the iteration ends.</summary>
    private sealed class Stamps(int iterations) : IProgress<KMeansProgress>
    {
        public long[] At { get; } = new long[iterations];

        public void Report(KMeansProgress value) => At[value.Iteration] = Stopwatch.GetTimestamp();
    }
}
