using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Centroid.Parallel;

/// <summary>
/// Background threads kept for the life of the process and lent to one pass at a time, as an OpenMP runtime keeps its
/// team: starting a pass wakes parked threads instead of queueing tasks, so a pass allocates nothing (Parallel.For
/// allocated about 2 KB per call). Threads are started on first use, as many as the largest pass has asked for (a
/// fit's MaxDegreeOfParallelism − 1), up to <see cref="Capacity"/>.
/// </summary>
/// <remarks>
/// A pass rents a team and returns it when done, so one team serves one pass at a time; passes running at once (fits
/// on several threads, or a pass started from inside another) get teams of their own, made when first needed and
/// kept for later.
/// <para>A thread that waits (a member for its next pass, the caller for its members) spins for up to
/// <see cref="SpinMicroseconds"/> before it blocks: on the benchmark machine (KVM) blocking and being woken again cost
/// 40–110 µs, about a twentieth of a small Lloyd iteration, while the gap between two passes of a fit is usually
/// shorter than the spin. Measured with <c>Centroid.Benchmarks dispatch</c> (64 partitions on 2 threads, the next pass
/// 100–200 µs after the last): empty partitions 37–118 µs → 4–7 µs a pass, partitions of 1.8 µs each 82–134 µs → 59–61 µs
/// (57 µs of work per thread). OpenMP runtimes and OpenBLAS keep their threads spinning between parallel regions too.</para>
/// </remarks>
internal sealed class WorkerTeam
{
    private static readonly Stack<WorkerTeam> s_idle = new();
    private static readonly Lock s_idleLock = new();

    private readonly Member[] _members;
    private readonly ManualResetEventSlim _done = new(false);
    private int _started;
    private int _pending;

    private WorkerTeam()
    {
        _members = new Member[Capacity];
    }

    /// <summary>The most threads the team lends to one pass besides the caller's.</summary>
    public const int Capacity = 255;

    /// <summary>How long a waiting thread spins before it blocks.</summary>
    public const int SpinMicroseconds = 300;

    private static readonly long s_spinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

    /// <summary>A team for one pass: an idle one, or a new one. Give it back with <see cref="Return"/>.</summary>
    public static WorkerTeam Rent()
    {
        lock (s_idleLock)
        {
            if (s_idle.TryPop(out WorkerTeam? team))
            {
                return team;
            }
        }

        return new WorkerTeam();
    }

    /// <summary>Makes a rented team available to the next pass.</summary>
    public static void Return(WorkerTeam team)
    {
        lock (s_idleLock)
        {
            s_idle.Push(team);
        }
    }

    /// <summary>
    /// Runs <paramref name="job"/>'s worker loop on the calling thread (worker 0) and on <paramref name="helpers"/>
    /// team threads (workers 1 to helpers), and returns when all have finished.
    /// </summary>
    /// <exception cref="Exception">The first exception a worker threw, rethrown with its stack.</exception>
    public void Run(ITeamJob job, int helpers)
    {
        helpers = Math.Min(helpers, _members.Length);
        StartMembers(helpers);
        _done.Reset();
        Volatile.Write(ref _pending, helpers);
        for (int h = 0; h < helpers; h++)
        {
            _members[h].Start(job, h + 1);
        }

        ExceptionDispatchInfo? failure = null;
        try
        {
            job.RunWorker(0);
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        if (helpers > 0)
        {
            SpinThenWait(_done);
        }

        failure ??= FirstMemberFailure(helpers);
        failure?.Throw();
    }

    /// <summary>Waits for <paramref name="signal"/>, spinning for up to <see cref="SpinMicroseconds"/> before blocking.</summary>
    private static void SpinThenWait(ManualResetEventSlim signal)
    {
        long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
        while (!signal.IsSet && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.SpinWait(16);
        }

        signal.Wait();
    }

    private ExceptionDispatchInfo? FirstMemberFailure(int helpers)
    {
        for (int h = 0; h < helpers; h++)
        {
            if (_members[h].TakeFailure() is ExceptionDispatchInfo failure)
            {
                return failure;
            }
        }

        return null;
    }

    private void StartMembers(int count)
    {
        // Only the team's renter starts members, so no lock.
        for (; _started < count; _started++)
        {
            _members[_started] = new Member(this, _started + 1);
        }
    }

    private void MemberFinished()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _done.Set();
        }
    }

    /// <summary>One team thread: parked until given a job, then runs its worker loop once.</summary>
    private sealed class Member
    {
        private readonly WorkerTeam _team;
        private readonly ManualResetEventSlim _go = new(false);
        private ITeamJob? _job;
        private int _worker;
        private ExceptionDispatchInfo? _failure;

        public Member(WorkerTeam team, int index)
        {
            _team = team;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Centroid worker {index}" };
            thread.Start();
        }

        public void Start(ITeamJob job, int worker)
        {
            _job = job;
            _worker = worker;
            _go.Set();
        }

        public ExceptionDispatchInfo? TakeFailure()
        {
            ExceptionDispatchInfo? failure = _failure;
            _failure = null;
            return failure;
        }

        private void Loop()
        {
            while (true)
            {
                SpinThenWait(_go);
                _go.Reset();
                try
                {
                    _job!.RunWorker(_worker);
                }
                catch (Exception ex)
                {
                    _failure = ExceptionDispatchInfo.Capture(ex);
                }

                _job = null;
                _team.MemberFinished();
            }
        }
    }
}

/// <summary>A pass as the team runs it: each worker calls <see cref="RunWorker"/> once, with its own index.</summary>
internal interface ITeamJob
{
    /// <summary>Takes partitions until none is left, using scratch slot <paramref name="worker"/>.</summary>
    void RunWorker(int worker);
}
