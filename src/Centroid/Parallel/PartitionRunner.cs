namespace Centroid.Parallel;

/// <summary>A unit of work run once per partition; a struct so the call is direct and nothing is captured.</summary>
internal interface IPartitionWork
{
    /// <summary>Processes partition <paramref name="partition"/> (rows <paramref name="start"/> to <paramref name="end"/>), using worker scratch slot <paramref name="worker"/>.</summary>
    void Run(int partition, int start, int end, int worker);
}

/// <summary>
/// Runs a partition plan on up to <see cref="Threads"/> threads. Workers take partitions in turn from a shared
/// counter; which worker runs which partition does not affect any result, because every partition writes only
/// its own slot.
/// </summary>
internal sealed class PartitionRunner
{
    private readonly ParallelOptions _options;

    /// <summary>Creates a runner for <paramref name="threads"/> threads.</summary>
    public PartitionRunner(int threads, CancellationToken cancellationToken)
    {
        Threads = Math.Max(1, threads);
        _options = new ParallelOptions { MaxDegreeOfParallelism = Threads, CancellationToken = cancellationToken };
    }

    /// <summary>The most threads a pass uses; also the number of worker scratch slots callers must provide.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="work"/> for every partition of <paramref name="plan"/>.</summary>
    public void Run<TWork>(in RowPartition plan, TWork work) where TWork : IPartitionWork
    {
        int workers = Math.Min(Threads, plan.Count);
        if (workers <= 1)
        {
            for (int p = 0; p < plan.Count; p++)
            {
                (int start, int end) = plan.RowsOf(p);
                work.Run(p, start, end, 0);
            }

            return;
        }

        var state = new RunState<TWork>(plan, work);
        System.Threading.Tasks.Parallel.For(0, workers, _options, state.Worker);
    }

    private sealed class RunState<TWork> where TWork : IPartitionWork
    {
        private readonly RowPartition _plan;
        private readonly TWork _work;
        private int _next = -1;

        public RunState(RowPartition plan, TWork work)
        {
            _plan = plan;
            _work = work;
            Worker = RunWorker;
        }

        public Action<int> Worker { get; }

        private void RunWorker(int worker)
        {
            int p;
            while ((p = Interlocked.Increment(ref _next)) < _plan.Count)
            {
                (int start, int end) = _plan.RowsOf(p);
                _work.Run(p, start, end, worker);
            }
        }
    }
}
