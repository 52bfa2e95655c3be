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
/// <remarks>
/// The threads are the calling one and those of a rented <see cref="WorkerTeam"/>; the state of a pass lives in one
/// object per work type, made on the type's first pass and reused, so an iteration allocates nothing.
/// </remarks>
internal sealed class PartitionRunner
{
    private readonly CancellationToken _cancellationToken;

    // One pass state per work type: a solver alternates a few (assign, inertia, relocation).
    private object[] _states = [];

    /// <summary>Creates a runner for <paramref name="threads"/> threads.</summary>
    public PartitionRunner(int threads, CancellationToken cancellationToken)
    {
        Threads = Math.Max(1, threads);
        _cancellationToken = cancellationToken;
    }

    /// <summary>The most threads a pass uses; also the number of worker scratch slots callers must provide.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="work"/> for every partition of <paramref name="plan"/>.</summary>
    /// <exception cref="OperationCanceledException">The runner's token was cancelled.</exception>
    public void Run<TWork>(in RowPartition plan, TWork work) where TWork : IPartitionWork
    {
        _cancellationToken.ThrowIfCancellationRequested();
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

        RunState<TWork> state = StateFor<TWork>();
        state.Begin(plan, work, _cancellationToken);
        WorkerTeam team = WorkerTeam.Rent();
        try
        {
            team.Run(state, workers - 1);
        }
        finally
        {
            state.End();
            WorkerTeam.Return(team);
        }

        _cancellationToken.ThrowIfCancellationRequested();
    }

    private RunState<TWork> StateFor<TWork>() where TWork : IPartitionWork
    {
        foreach (object state in _states)
        {
            if (state is RunState<TWork> typed)
            {
                return typed;
            }
        }

        var created = new RunState<TWork>();
        _states = [.. _states, created];
        return created;
    }

    private sealed class RunState<TWork> : ITeamJob where TWork : IPartitionWork
    {
        private RowPartition _plan;
        private TWork _work = default!;
        private CancellationToken _cancellationToken;
        private int _next;

        public void Begin(in RowPartition plan, TWork work, CancellationToken cancellationToken)
        {
            _plan = plan;
            _work = work;
            _cancellationToken = cancellationToken;
            _next = -1;
        }

        // Drops the work's references (centers, labels) so a finished fit does not keep them alive.
        public void End() => _work = default!;

        public void RunWorker(int worker)
        {
            int p;
            while (!_cancellationToken.IsCancellationRequested && (p = Interlocked.Increment(ref _next)) < _plan.Count)
            {
                (int start, int end) = _plan.RowsOf(p);
                _work.Run(p, start, end, worker);
            }
        }
    }
}
