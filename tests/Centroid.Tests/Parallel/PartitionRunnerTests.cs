using Centroid.Parallel;

namespace Centroid.Tests.Parallel;

/// <summary>
/// The partition runner runs every partition exactly once, on worker slots below its thread count, allocates nothing
/// per pass once a work type has run, and hands exceptions and cancellation back to the caller.
/// </summary>
public sealed class PartitionRunnerTests
{
    private static readonly RowPartition Plan = new(rows: 64 * 256, slotBytes: 8);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void EveryPartition_RunsOnce_OnAWorkerSlotBelowTheThreadCount(int threads)
    {
        var runner = new PartitionRunner(threads, default);
        var work = new RecordingWork();
        runner.Run(Plan, work);

        Assert.All(work.Seen, count => Assert.Equal(1, count));
        Assert.All(work.Workers, worker => Assert.InRange(worker, 0, threads - 1));
    }

    [Fact]
    public void APass_RunsEveryPartition_AfterTheWorkersHaveStoppedSpinningAndBlocked()
    {
        var runner = new PartitionRunner(2, default);
        var work = new RecordingWork();
        runner.Run(Plan, work);

        // Ten times the spin: the worker has blocked on its signal and must be woken.
        Thread.Sleep(TimeSpan.FromMicroseconds(10 * WorkerTeam.SpinMicroseconds));
        runner.Run(Plan, work);

        Assert.All(work.Seen, count => Assert.Equal(2, count));
    }

    [Fact]
    public void APass_AllocatesNothing_OnceItsWorkTypeHasRun()
    {
        var runner = new PartitionRunner(2, default);
        var work = new RecordingWork();
        runner.Run(Plan, work);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int pass = 0; pass < 100; pass++)
        {
            runner.Run(Plan, work);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(work.Seen, count => Assert.Equal(101, count));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AnExceptionInAPartition_ReachesTheCaller_AndTheNextPassRuns(int threads)
    {
        var runner = new PartitionRunner(threads, default);
        Assert.Throws<InvalidOperationException>(() => runner.Run(Plan, new ThrowingWork(failAt: 5)));

        var work = new RecordingWork();
        runner.Run(Plan, work);
        Assert.All(work.Seen, count => Assert.Equal(1, count));
    }

    [Theory]
    [InlineData(40, 1)]
    [InlineData(25000, 256)]
    [InlineData(7, 16)]
    public void APlanOfItems_CoversEveryItemOnce_InWholeChunks(int items, int chunk)
    {
        RowPartition plan = RowPartition.OfItems(items, chunk);
        int next = 0;
        for (int p = 0; p < plan.Count; p++)
        {
            (int start, int end) = plan.RowsOf(p);
            Assert.Equal(next, start);
            Assert.True(end == items || end % chunk == 0, $"partition {p} ends at {end}, inside a chunk");
            next = end;
        }

        Assert.Equal(items, next);
        Assert.Equal(Math.Min(RowPartition.MaxPartitions, (items + chunk - 1) / chunk), plan.Count);
    }

    [Fact]
    public void ACancelledToken_StopsThePass_WithOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var runner = new PartitionRunner(2, cancellation.Token);
        var seen = new int[Plan.Count];

        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(Plan, new CancellingWork(cancellation, cancelAt: 3, seen)));
        Assert.True(seen.Sum() < Plan.Count, "partitions kept being taken after the token was cancelled");
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(Plan, new RecordingWork()));
    }

    [Fact]
    public async Task PassesFromTwoThreadsAtOnce_BothRunEveryPartition()
    {
        var first = new RecordingWork();
        var second = new RecordingWork();
        var a = Task.Run(() => Repeat(first));
        var b = Task.Run(() => Repeat(second));
        await Task.WhenAll(a, b);

        Assert.All(first.Seen, count => Assert.Equal(50, count));
        Assert.All(second.Seen, count => Assert.Equal(50, count));

        static void Repeat(RecordingWork work)
        {
            var runner = new PartitionRunner(2, default);
            for (int pass = 0; pass < 50; pass++)
            {
                runner.Run(Plan, work);
            }
        }
    }

    /// <summary>Counts each partition's runs and records the worker slot of its last run (a struct: passing it allocates nothing).</summary>
    private readonly struct RecordingWork() : IPartitionWork
    {
        public int[] Seen { get; } = new int[Plan.Count];

        public int[] Workers { get; } = new int[Plan.Count];

        public void Run(int partition, int start, int end, int worker)
        {
            Interlocked.Increment(ref Seen[partition]);
            Workers[partition] = worker;
        }
    }

    private readonly struct ThrowingWork(int failAt) : IPartitionWork
    {
        public void Run(int partition, int start, int end, int worker)
        {
            if (partition == failAt)
            {
                throw new InvalidOperationException("partition failed");
            }
        }
    }

    private readonly struct CancellingWork(CancellationTokenSource cancellation, int cancelAt, int[] seen) : IPartitionWork
    {
        public void Run(int partition, int start, int end, int worker)
        {
            Interlocked.Increment(ref seen[partition]);
            if (partition == cancelAt)
            {
                cancellation.Cancel();
            }

            Thread.Sleep(1);
        }
    }
}
