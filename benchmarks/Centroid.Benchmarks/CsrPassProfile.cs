using System.Numerics;
using Centroid.IO;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Solvers;

namespace Centroid.Benchmarks;

/// <summary>
/// `pass FILE.npz INIT.npy [THREADS]`: where one Lloyd iteration's time goes on a CSR input — the memory floor (values
/// and indices read once), the kernel alone, the rows' assign pass with and without the update sums, the solver's pass
/// (which adds clearing and merging the per-partition sums) on one thread and on all threads. Same figures as
/// <see cref="PassProfile"/>.
/// </summary>
internal static class CsrPassProfile
{
    public static int Run(string path, string initPath, int threads) =>
        NpzReader.ReadHeader(path).DataType == NpyDataType.Float32
            ? Run<float>(path, initPath, threads)
            : Run<double>(path, initPath, threads);

    private static int Run<T>(string path, string initPath, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CsrMatrix<T> x = NpzReader.ReadCsr<T>(path);
        DenseMatrix<T> init = NpyReader.ReadMatrix<T>(initPath);
        int n = x.Rows, d = x.Columns, k = init.Rows;
        var centers = new CenterSet<T>(k, d);
        init.Memory.Span.CopyTo(centers.Values);
        centers.UpdateNorms();
        var rows = new CsrRows<T>(x);
        var labels = new int[n];
        Console.WriteLine($"{n} x {d}, {x.NonZeros} stored, k = {k} (padded {centers.PaddedClusters})");

        var timer = new InterleavedTimer();
        T[] sink = new T[1];
        timer.Add("read values+indices once (1 thread)", () =>
        {
            sink[0] = System.Numerics.Tensors.TensorPrimitives.Sum(x.Values.Span);
            sink[0] += T.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.Sum(x.Indices.Span));
        });

        // The kernel alone over 64-row blocks as CsrRows runs it, no labels or sums.
        var scratch = new T[rows.ScratchLength(k)];
        var blockLabels = new int[64];
        var blockScores = new T[64];
        timer.Add("kernel only (1 thread)", () =>
        {
            ReadOnlySpan<int> indptr = x.RowPointers.Span;
            for (int first = 0; first < n; first += 64)
            {
                CsrAssignKernel.NearestRows(indptr, x.Indices.Span, x.Values.Span, first, Math.Min(n, first + 64), centers, scratch, blockLabels, blockScores);
            }
        });

        // CsrRows.Assign over all rows in one call: no slots to clear or merge.
        var sums = new double[(long)k * d];
        var weights = new double[k];
        timer.Add("rows.Assign, no sums (1 thread)", () => rows.Assign(0, n, centers, default, labels, scratch, default, default, default));
        timer.Add("rows.Assign + sums (1 thread)", () => rows.Assign(0, n, centers, default, labels, scratch, sums, weights, default));

        // Summing every row while assigning on every call: repeated with the same centers, no label moves, and Lloyd
        // would otherwise sum nothing again.
        var one = new LloydSolver<T, CsrRows<T>>(rows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(1, default)) { SumMovedOnly = false };
        timer.Add("assign+sum pass (1 thread)", () => one.Assign(centers, labels, update: true));
        timer.Add("assign pass, no sums (1 thread)", () => one.Assign(centers, labels, update: false));
        var all = new LloydSolver<T, CsrRows<T>>(rows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(threads, default)) { SumMovedOnly = false };
        timer.Add($"assign+sum pass ({threads} threads)", () => all.Assign(centers, labels, update: true));
        timer.Add($"inertia pass ({threads} threads)", () => all.Inertia(centers, labels));

        // The per-iteration work outside the pass: the update step when every cluster's slots changed (their merge,
        // averaging, center shift, the new centers' norms and transposition); and UpdateNorms alone, one thread.
        var update = new CenterUpdate<T, CsrRows<T>>(rows, ReadOnlyMemory<T>.Empty, k, new PartitionRunner(threads, default));
        update.PrepareSlots();
        for (int p = 0; p < update.Plan.Count; p++)
        {
            update.SlotWeights[p].Fill(1);
        }

        var next = new CenterSet<T>(k, d);
        timer.Add($"update step, {update.Plan.Count} slots ({threads} threads)", () =>
        {
            update.SlotsChanged();
            update.Update(centers, next, labels);
        });
        timer.Add("center norms + transposition (1 thread)", () => next.UpdateNorms());
        timer.Run();
        GC.KeepAlive(sink);
        return 0;
    }
}
