using System.Diagnostics;
using Centroid.Parallel;

namespace Centroid.Benchmarks;

/// <summary>
/// `dispatch [THREADS]`: what handing a pass to the worker threads costs. Runs a plan of 64 partitions 400 times, each
/// partition doing nothing or a fixed amount of arithmetic, with a pause of 0, 100 or 200 µs between passes (a solver's
/// work between two passes), and prints the median and fastest pass; the work alone on one thread is the
/// `dispatch 1` line.
/// </summary>
internal static class DispatchProbe
{
    private readonly struct Spin : IPartitionWork
    {
        private readonly int _iterations;

        public Spin(int iterations) => _iterations = iterations;

        public void Run(int partition, int start, int end, int worker)
        {
            double x = 1;
            for (int i = 0; i < _iterations; i++)
            {
                x = (x * 1.0000001) + 1e-9;
            }

            if (x < 0)
            {
                Console.WriteLine(x);
            }
        }
    }

    public static int Run(string[] args)
    {
        int threads = args.Length > 0 ? int.Parse(args[0]) : 2;
        var runner = new PartitionRunner(threads, default);
        var plan = new RowPartition(64 * 256, 1);
        foreach (int work in new[] { 0, 1000, 10000 })
        {
            for (int gapMicros = 0; gapMicros <= 200; gapMicros += 100)
            {
                var times = new List<double>();
                for (int rep = 0; rep < 400; rep++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    runner.Run(plan, new Spin(work));
                    times.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                    long until = Stopwatch.GetTimestamp() + (gapMicros * Stopwatch.Frequency / 1_000_000);
                    while (Stopwatch.GetTimestamp() < until)
                    {
                    }
                }

                times.Sort();
                Console.WriteLine($"threads {threads} work/partition {work,6} gap {gapMicros,3} us: median {times[times.Count / 2],8:F1} us  min {times[0],8:F1} us  (partitions {plan.Count})");
            }
        }

        return 0;
    }
}
