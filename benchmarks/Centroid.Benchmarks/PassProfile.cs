using System.Diagnostics;
using System.Numerics;
using Centroid.IO;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Solvers;

namespace Centroid.Benchmarks;

/// <summary>
/// `pass FILE.npy INIT.npy [THREADS]`: where one Lloyd iteration's time goes on a dense input (a CSR `.npz` goes to
/// <see cref="CsrPassProfile"/>): the memory floor (each element read once), the kernel alone on the rows as they lie
/// and on one block in L1, and the whole pass with and without the update sums, on one thread and on all threads; with
/// exact sums (<see cref="ExactSplit{T}"/>), their check, a pass that sums every row, one that moves rows (none move:
/// the same centers every call), and passes that move the rows whose label differs between two iterations' centers.
/// The cases are timed in turn, one call each a round (<see cref="InterleavedTimer"/>), and printed as milliseconds a call:
/// the median, the tenth percentile and the fastest (the least disturbed calls: the steadier figures for comparing cases).
/// </summary>
internal static class PassProfile
{
    public static int Run(string[] args)
    {
        int threads = args.Length > 2 ? int.Parse(args[2]) : Environment.ProcessorCount;
        if (args[0].EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
        {
            return CsrPassProfile.Run(args[0], args[1], threads);
        }

        return NpyReader.ReadHeader(args[0]).ElementSize == 4
            ? Run<float>(args[0], args[1], threads)
            : Run<double>(args[0], args[1], threads);
    }

    private static int Run<T>(string path, string initPath, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseMatrix<T> x = NpyReader.ReadMatrix<T>(path);
        DenseMatrix<T> init = NpyReader.ReadMatrix<T>(initPath);
        int n = x.Rows, d = x.Columns, k = init.Rows;
        var shift = new T[d];
        var centers = new CenterSet<T>(k, d);
        init.Memory.Span.CopyTo(centers.Values);
        centers.UpdateNorms();
        var rows = new DenseRows<T>(x, shift);
        var labels = new int[n];

        var timer = new InterleavedTimer();

        // The memory floor of any pass: every element read once (vectorized sum, 1 thread and all threads).
        T[] sink = new T[threads];
        timer.Add("read the data once (1 thread)", () => sink[0] = System.Numerics.Tensors.TensorPrimitives.Sum(x.Memory.Span));
        timer.Add($"read the data once ({threads} threads)", () => System.Threading.Tasks.Parallel.For(0, threads, t =>
        {
            int rowsPer = (n + threads - 1) / threads;
            int first = t * rowsPer;
            int count = Math.Max(0, Math.Min(rowsPer, n - first));
            sink[t] = System.Numerics.Tensors.TensorPrimitives.Sum(x.Memory.Span.Slice(first * d, count * d));
        }));

        // Kernel alone over 256-row blocks of the data as it lies (no shift copy).
        var blockLabels = new int[260];
        var blockScores = new T[260];
        ReadOnlyMemory<T> data = x.Memory;
        // Streamed: each block where it lies; in L1: the first block n / 256 times (the kernel's compute alone).
        foreach ((string what, bool streamed) in new[] { ("kernel only (1 thread)", true), ("kernel, one block in L1 (1 thread)", false) })
        {
            timer.Add(what, () =>
            {
                for (int first = 0; first + 256 <= n; first += 256)
                {
                    DenseAssignKernel.Nearest<T>(data.Span.Slice(streamed ? first * d : 0, 256 * d), 256, d, centers, blockLabels, blockScores);
                }
            });
        }

        // Summing every row while assigning on every call: repeated with the same centers, no label moves, and Lloyd
        // would otherwise sum nothing again.
        var one = new LloydSolver<T, DenseRows<T>>(rows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(1, default)) { SumMovedOnly = false };
        timer.Add("assign+sum pass (1 thread)", () => one.Assign(centers, labels, update: true));
        timer.Add("assign pass, no sums (1 thread)", () => one.Assign(centers, labels, update: false));
        var all = new LloydSolver<T, DenseRows<T>>(rows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(threads, default)) { SumMovedOnly = false };
        timer.Add($"assign+sum pass ({threads} threads)", () => all.Assign(centers, labels, update: true));
        timer.Add($"assign pass, no sums ({threads} threads)", () => all.Assign(centers, labels, update: false));
        timer.Add($"inertia pass ({threads} threads)", () => all.Inertia(centers, labels));

        // Exact sums (unit weights): the once-per-fit check that makes the split, summing every row in split form, and a
        // pass after the first, which moves only the rows whose label changed (none here: the same centers every call).
        timer.Add("exact sums check (1 thread)", () => ExactSplit<T>.TryCreate(x, shift));
        timer.Add($"exact sums check ({threads} threads)", () => ExactSplit<T>.TryCreate(x, shift, threads));
        ExactSplit<T> split = ExactSplit<T>.TryCreate(x, shift) ?? throw new InvalidOperationException("these rows' sums cannot be exact");
        var exactRows = new DenseRows<T>(x, shift, split);
        var exactEvery = new LloydSolver<T, DenseRows<T>>(exactRows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(threads, default)) { SumMovedOnly = false };
        var exactMoving = new LloydSolver<T, DenseRows<T>>(exactRows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(threads, default));
        var movingLabels = new int[n];
        exactMoving.Assign(centers, movingLabels, update: true);
        timer.Add($"assign+exact sums pass ({threads} threads)", () => exactEvery.Assign(centers, labels, update: true));
        timer.Add($"assign, moving rows pass ({threads} threads)", () => exactMoving.Assign(centers, movingLabels, update: true));

        // As a fit's late passes move rows: the centers of two consecutive Lloyd iterations (the tenth and eleventh)
        // in turn, so every pass moves the rows whose label differs between them; ms for the two passes.
        CenterSet<T> tenth = LloydCenters(exactRows, centers, 10, threads), eleventh = LloydCenters(exactRows, centers, 11, threads);
        var turnLabels = new int[n];
        var turns = new LloydSolver<T, DenseRows<T>>(exactRows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(threads, default));
        turns.Assign(tenth, turnLabels, update: true);
        int moving = turns.Assign(eleventh, turnLabels, update: true).Changed;
        Console.WriteLine($"{moving} of {n} rows move between the tenth and eleventh iterations' centers");
        timer.Add($"two passes moving rows ({threads} threads)", () =>
        {
            turns.Assign(tenth, turnLabels, update: true);
            turns.Assign(eleventh, turnLabels, update: true);
        });
        timer.Run();
        return 0;
    }

    /// <summary>The centers after <paramref name="iterations"/> Lloyd iterations from <paramref name="init"/> (tol 0).</summary>
    private static CenterSet<T> LloydCenters<T>(DenseRows<T> rows, CenterSet<T> init, int iterations, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var centers = new CenterSet<T>(init.Clusters, init.Features);
        init.Values.CopyTo(centers.Values, 0);
        var solver = new LloydSolver<T, DenseRows<T>>(rows, ReadOnlyMemory<T>.Empty, init.Clusters, new PartitionRunner(threads, default));
        solver.Run(centers, new int[rows.Rows], iterations, 0, default);
        centers.UpdateNorms();
        return centers;
    }
}
