using System.Diagnostics;

namespace Centroid.Benchmarks;

/// <summary>
/// Times several cases in turn, round after round, so that the shared machine's drift (here single calls move by ±30%
/// from one minute to the next) falls on every case alike: the differences between cases are then the cases', where
/// timing each case's calls in a block of its own compared one minute with another.
/// </summary>
internal sealed class InterleavedTimer(int rounds = 25, int warmupRounds = 3)
{
    private readonly List<(string Name, Action Action)> _cases = [];

    /// <summary>Adds a case, timed one call a round.</summary>
    public void Add(string name, Action action) => _cases.Add((name, action));

    /// <summary>
    /// Runs the rounds and prints each case's median, tenth percentile and fastest wall time, in milliseconds a call. (No
    /// CPU time: the worker threads of one case spin on into the next, so a case's CPU time would carry its neighbour's.)
    /// </summary>
    public void Run()
    {
        var wall = new double[_cases.Count][];
        for (int c = 0; c < _cases.Count; c++)
        {
            wall[c] = new double[rounds];
        }

        for (int round = -warmupRounds; round < rounds; round++)
        {
            for (int c = 0; c < _cases.Count; c++)
            {
                long t0 = Stopwatch.GetTimestamp();
                _cases[c].Action();
                double elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (round >= 0)
                {
                    wall[c][round] = elapsed;
                }
            }
        }

        Console.WriteLine($"{rounds} rounds, each case once a round; ms a call:");
        Console.WriteLine($"{"case",-40} {"median",8} {"p10",8} {"min",8}");
        for (int c = 0; c < _cases.Count; c++)
        {
            Array.Sort(wall[c]);
            Console.WriteLine($"{_cases[c].Name,-40} {wall[c][rounds / 2],8:F3} {wall[c][rounds / 10],8:F3} {wall[c][0],8:F3}");
        }
    }
}
