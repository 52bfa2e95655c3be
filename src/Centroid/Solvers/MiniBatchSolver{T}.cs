using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Random;

namespace Centroid.Solvers;

/// <summary>
/// scikit-learn's mini-batch step (<c>_mini_batch_step</c>) and the state it carries between steps: the centers, the
/// per-center accumulated weights (<c>_counts</c>) and the reassignment clock (<c>_n_since_last_reassign</c>).
/// </summary>
/// <remarks>
/// <para>A step: assign the batch to the current centers (the row source's kernel, in parallel over chunks of the
/// batch when the batch is large enough); the batch inertia from the exact differences, summed in T in batch order
/// (scikit-learn's <c>_inertia_dense</c>/<c>_sparse</c> on one thread); each center with batch weight
/// <c>ws &gt; 0</c> becomes <c>(c · W + Σ w·x) · (1 / (W + ws))</c> in T, its members added in batch order (the
/// per-center learning rate ws / (W + ws)); then, when due, centers whose weight is below <c>ratio × max</c> move to
/// random batch rows and their weights are raised to the smallest remaining one.</para>
/// <para>Every operation of the update and the reassignment is scikit-learn's, in its order and precision, so given
/// the same batch labels the centers and weights are bit-identical to scikit-learn's; labels themselves can differ only
/// on near-ties, where its BLAS and this kernel round dot products differently. Nothing depends on the thread count.
/// After the first step nothing is allocated unless a batch is larger than every earlier one.</para>
/// </remarks>
internal sealed class MiniBatchSolver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Below this many multiply-adds (rows × k × d) an assignment runs on the calling thread: waking workers costs more.
    private const long ParallelWork = 1L << 18;

    private readonly int _k;
    private readonly int _d;
    private readonly double _ratio;
    private readonly PartitionRunner _serial;
    private readonly T[] _counts;
    private readonly T[] _memberWeights;
    private readonly bool[] _reassign;
    private readonly int[] _order;
    private CenterSet<T> _centers;
    private CenterSet<T> _next;
    private T[] _change = [];
    private int[] _labels = [];
    private int[] _permutation = [];
    private T[][] _scratch = [];

    /// <summary>Starts from <paramref name="centers"/> (kept, and overwritten by later steps) with zero weights.</summary>
    /// <param name="centers">The initial centers.</param>
    /// <param name="batchSize">scikit-learn's <c>_batch_size</c>: what the reassignment clock advances by per step.</param>
    /// <param name="reassignmentRatio">The reassignment ratio (0 never reassigns).</param>
    /// <param name="runner">Runs assignments in parallel.</param>
    public MiniBatchSolver(CenterSet<T> centers, int batchSize, double reassignmentRatio, PartitionRunner runner)
    {
        _k = centers.Clusters;
        _d = centers.Features;
        _centers = centers;
        _next = new CenterSet<T>(_k, _d);
        BatchSize = batchSize;
        _ratio = reassignmentRatio;
        Runner = runner;
        _serial = new PartitionRunner(1, default);
        _counts = new T[_k];
        _memberWeights = new T[_k];
        _reassign = new bool[_k];
        _order = new int[_k];
    }

    /// <summary>Runs assignments in parallel; replaced per call by a partial fit, whose cancellation token it carries.</summary>
    public PartitionRunner Runner { get; set; }

    /// <summary>The current centers.</summary>
    public CenterSet<T> Centers => _centers;

    /// <summary>The weight each center has accumulated (scikit-learn's <c>_counts</c>), in T.</summary>
    public ReadOnlySpan<T> Counts => _counts;

    /// <summary>scikit-learn's <c>_batch_size</c>, the reassignment clock's increment.</summary>
    public int BatchSize { get; }

    /// <summary>Samples counted since the last reassignment check fired (<c>_n_since_last_reassign</c>).</summary>
    public long SamplesSinceReassignment { get; private set; }

    /// <summary>Whether the last step checked for reassignment.</summary>
    public bool LastReassignmentDue { get; private set; }

    /// <summary>How many centers the last step moved to batch rows.</summary>
    public int LastReassigned { get; private set; }

    /// <summary>Which centers the last step moved (all false when none).</summary>
    public ReadOnlySpan<bool> LastReassignedCenters => _reassign;

    /// <summary>Writes scikit-learn's reassignment line when set.</summary>
    public TextWriter? Log { get; set; }

    /// <summary>
    /// One step on <paramref name="batch"/>: returns the batch inertia Σ w·‖x − c‖² against the centers before the step
    /// (in T, as a double); <paramref name="squaredChange"/> receives Σ‖new − old‖² when <paramref name="measureChange"/>,
    /// else 0.
    /// </summary>
    /// <param name="batch">The batch rows.</param>
    /// <param name="weights">One weight per batch row, or empty for unit weights (what a fit passes: its batches are drawn in proportion to the weights).</param>
    /// <param name="random">Draws the reassigned rows.</param>
    /// <param name="measureChange">Whether to compute the squared center change (only when a tolerance is set, as scikit-learn).</param>
    /// <param name="squaredChange">The squared center change, or 0.</param>
    /// <exception cref="InvalidOperationException">A reassignment ratio above 1 marked every center (scikit-learn fails there too).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Step<TRows, TBatch>(in TBatch batch, ReadOnlySpan<T> weights, NumpyRandomState random, bool measureChange, out double squaredChange)
        where TRows : struct, IRowSource<T>
        where TBatch : struct, IBatchRows<T, TRows>
    {
        // Evaluated before the step, from the weights as they stand: scikit-learn's _random_reassign().
        bool reassign = ReassignmentDue();
        int b = batch.Rows;
        Span<int> labels = LabelBuffer(b);
        TRows rows = batch.Source;
        _centers.UpdateNorms();
        Assign(rows, _centers, labels);
        T inertia = Update<TRows, TBatch>(batch, rows, weights, labels);
        Array.Clear(_reassign);
        LastReassignmentDue = reassign;
        LastReassigned = reassign && _ratio > 0 ? Reassign<TRows, TBatch>(batch, random) : 0;

        squaredChange = measureChange ? double.CreateTruncating(SquaredChange()) : 0;
        (_centers, _next) = (_next, _centers);
        return double.CreateTruncating(inertia);
    }

    /// <summary>
    /// Labels of <paramref name="rows"/> (a batch or a validation sample) with <paramref name="centers"/> and their inertia
    /// Σ w·‖x − c‖² summed in T in row order (scikit-learn's <c>_labels_inertia</c> on one thread).
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="weights">One weight per row, or empty for unit weights.</param>
    /// <param name="centers">The centers; their norms are refreshed.</param>
    /// <param name="labels">Receives the labels, or empty when only the inertia is wanted.</param>
    public double LabelsAndInertia<TRows>(TRows rows, ReadOnlySpan<T> weights, CenterSet<T> centers, Span<int> labels) where TRows : struct, IRowSource<T>
    {
        centers.UpdateNorms();
        Span<int> buffer = LabelBuffer(rows.Rows);
        Assign(rows, centers, buffer);
        if (!labels.IsEmpty)
        {
            buffer.CopyTo(labels);
        }

        return double.CreateTruncating(ExactInertia(rows, weights, centers, buffer));
    }

    /// <summary>
    /// The final pass of a fit (<c>compute_labels</c>): every row's label with the current centers, and the inertia —
    /// each row's exact squared distance in T, times its weight, summed in double per partition of the rows and the
    /// partitions in order, so the result does not depend on the thread count (as <see cref="LloydSolver{T, TRows}"/>'s).
    /// One pass over the data: each partition is assigned, then measured while its rows are still in cache.
    /// </summary>
    public double LabelAll<TRows>(TRows rows, ReadOnlyMemory<T> weights, Memory<int> labels) where TRows : struct, IRowSource<T>
    {
        _centers.UpdateNorms();
        var plan = new RowPartition(rows.Rows, sizeof(double));
        int scratchLength = Math.Max(1, rows.ScratchLength(_k));
        var scratch = new T[Runner.Threads][];
        for (int t = 0; t < scratch.Length; t++)
        {
            scratch[t] = new T[scratchLength];
        }

        double[] slots = new double[plan.Count];
        Runner.Run(plan, new LabelAllWork<TRows>(rows, _centers, weights, labels, scratch, slots));
        double inertia = 0;
        foreach (double slot in slots)
        {
            inertia += slot;
        }

        return inertia;
    }

    /// <summary>scikit-learn's <c>_random_reassign</c>: advances the clock; due when a center has no weight yet or 10·k samples have passed.</summary>
    private bool ReassignmentDue()
    {
        SamplesSinceReassignment += BatchSize;
        bool empty = false;
        foreach (T count in _counts)
        {
            empty |= count == T.Zero;
        }

        if (empty || SamplesSinceReassignment >= 10L * _k)
        {
            SamplesSinceReassignment = 0;
            return true;
        }

        return false;
    }

    /// <summary>Each row's nearest center (the row source's kernel), labels only.</summary>
    private void Assign<TRows>(TRows rows, CenterSet<T> centers, Span<int> labels) where TRows : struct, IRowSource<T>
    {
        var plan = new RowPartition(rows.Rows, 0);
        PartitionRunner runner = (long)rows.Rows * _k * _d >= ParallelWork ? Runner : _serial;
        int scratchLength = Math.Max(1, rows.ScratchLength(_k));
        if (_scratch.Length < runner.Threads || _scratch[0].Length < scratchLength)
        {
            _scratch = new T[Math.Max(runner.Threads, _scratch.Length)][];
            for (int t = 0; t < _scratch.Length; t++)
            {
                _scratch[t] = new T[scratchLength];
            }
        }

        runner.Run(plan, new AssignWork<TRows>(rows, centers, _labels.AsMemory(0, rows.Rows), _scratch));
    }

    /// <summary>Σ w·‖x − c_label‖² in T, row by row, each distance in scikit-learn's exact difference form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T ExactInertia<TRows>(TRows rows, ReadOnlySpan<T> weights, CenterSet<T> centers, ReadOnlySpan<int> labels)
        where TRows : struct, IRowSource<T>
    {
        T total = T.Zero;
        for (int i = 0; i < labels.Length; i++)
        {
            int j = labels[i];
            T distance = rows.SquaredDistance(i, centers.Row(j), centers.Norms[j]);
            total += weights.IsEmpty ? distance : distance * weights[i];
        }

        return total;
    }

    /// <summary>
    /// The center update into <see cref="_next"/>: scikit-learn's <c>update_center_dense</c>/<c>_sparse</c> for every
    /// cluster, done as one pass over the batch instead of one per cluster (the per-cluster order of terms is the same).
    /// The same pass measures each row against its old center, so it also returns the batch inertia, summed in T in row
    /// order exactly as <see cref="ExactInertia"/> sums it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T Update<TRows, TBatch>(in TBatch batch, TRows rows, ReadOnlySpan<T> weights, ReadOnlySpan<int> labels)
        where TRows : struct, IRowSource<T>
        where TBatch : struct, IBatchRows<T, TRows>
    {
        Span<T> memberWeights = _memberWeights;
        memberWeights.Clear();
        for (int i = 0; i < labels.Length; i++)
        {
            memberWeights[labels[i]] += weights.IsEmpty ? T.One : weights[i];
        }

        for (int j = 0; j < _k; j++)
        {
            Span<T> next = _next.Row(j);
            ReadOnlySpan<T> old = _centers.Row(j);
            if (memberWeights[j] > T.Zero)
            {
                // Undo the previous count scaling: the running weighted sum of the center's members.
                Scale(old, _counts[j], next);
            }
            else
            {
                old.CopyTo(next);
            }
        }

        T inertia = T.Zero;
        for (int i = 0; i < labels.Length; i++)
        {
            int j = labels[i];
            T weight = weights.IsEmpty ? T.One : weights[i];
            T distance = rows.SquaredDistance(i, _centers.Row(j), _centers.Norms[j]);
            inertia += weights.IsEmpty ? distance : distance * weight;
            if (memberWeights[j] > T.Zero)
            {
                batch.AccumulateRow(i, weight, _next.Row(j));
            }
        }

        for (int j = 0; j < _k; j++)
        {
            if (memberWeights[j] > T.Zero)
            {
                _counts[j] += memberWeights[j];
                T alpha = T.One / _counts[j];
                Span<T> next = _next.Row(j);
                Scale(next, alpha, next);
            }
        }

        return inertia;
    }

    /// <summary>
    /// scikit-learn's low-weight reassignment: centers with weight &lt; ratio × max weight (at most ⌊b/2⌋ of them, the
    /// lightest by NumPy's argsort) move to distinct batch rows drawn as <c>choice(b, m, replace=False)</c> =
    /// <c>permutation(b)[:m]</c>, paired in increasing center order; their weights become the smallest weight among the
    /// others. Returns how many moved.
    /// </summary>
    private int Reassign<TRows, TBatch>(in TBatch batch, NumpyRandomState random)
        where TRows : struct, IRowSource<T>
        where TBatch : struct, IBatchRows<T, TRows>
    {
        int b = batch.Rows;
        T max = _counts[0];
        for (int j = 1; j < _k; j++)
        {
            max = T.Max(max, _counts[j]);
        }

        // ratio × max is a float64 under NumPy 1.x, compared with the T array after rounding to T (value-based casting).
        T threshold = T.CreateTruncating(_ratio * double.CreateTruncating(max));
        int marked = 0;
        for (int j = 0; j < _k; j++)
        {
            _reassign[j] = _counts[j] < threshold;
            marked += _reassign[j] ? 1 : 0;
        }

        if (2L * marked > b)
        {
            // Keep only the ⌊b/2⌋ lightest: every center from that rank of the argsort on is spared.
            NumpyArgSort.Sort<T>(_counts, _order);
            for (int r = b / 2; r < _k; r++)
            {
                _reassign[_order[r]] = false;
            }

            marked = 0;
            foreach (bool flag in _reassign)
            {
                marked += flag ? 1 : 0;
            }
        }

        if (marked == 0)
        {
            return 0;
        }

        if (marked == _k)
        {
            throw new InvalidOperationException(
                $"ReassignmentRatio {_ratio} marked all {_k} centers for reassignment, leaving no weight to reset them to; scikit-learn fails here too. Use a ratio of at most 1.");
        }

        if (_permutation.Length < b)
        {
            _permutation = new int[b];
        }

        Span<int> permutation = _permutation.AsSpan(0, b);
        for (int i = 0; i < b; i++)
        {
            permutation[i] = i;
        }

        random.Shuffle(permutation);
        Log?.WriteLine($"[MiniBatchKMeans] Reassigning {marked} cluster centers.");

        T smallest = T.PositiveInfinity;
        for (int j = 0; j < _k; j++)
        {
            if (!_reassign[j])
            {
                smallest = T.Min(smallest, _counts[j]);
            }
        }

        int picked = 0;
        for (int j = 0; j < _k; j++)
        {
            if (_reassign[j])
            {
                batch.CopyRow(permutation[picked++], _next.Row(j));
                _counts[j] = smallest;
            }
        }

        return marked;
    }

    /// <summary>
    /// destination[f] = source[f] × factor (source and destination may be the same span). Vector512/Vector256 lanes
    /// hold consecutive features and each lane is one rounded product, so the bits equal the scalar loop's; the tail
    /// is scalar. With d in the tens of thousands (tf-idf) these k × d products are most of a sparse step.
    /// </summary>
    private static void Scale(ReadOnlySpan<T> source, T factor, Span<T> destination)
    {
        ref T sr = ref MemoryMarshal.GetReference(source);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        int d = source.Length;
        int f = 0;
        if (Vector512.IsHardwareAccelerated && d >= Vector512<T>.Count)
        {
            Vector512<T> w = Vector512.Create(factor);
            for (; f <= d - Vector512<T>.Count; f += Vector512<T>.Count)
            {
                (Vector512.LoadUnsafe(ref sr, (nuint)f) * w).StoreUnsafe(ref dr, (nuint)f);
            }
        }
        else if (Vector256.IsHardwareAccelerated && d >= Vector256<T>.Count)
        {
            Vector256<T> w = Vector256.Create(factor);
            for (; f <= d - Vector256<T>.Count; f += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref sr, (nuint)f) * w).StoreUnsafe(ref dr, (nuint)f);
            }
        }

        for (; f < d; f++)
        {
            Unsafe.Add(ref dr, f) = Unsafe.Add(ref sr, f) * factor;
        }
    }

    /// <summary>Σ (new − old)² over all k × d values, squared in T and summed as NumPy sums the flattened array.</summary>
    private T SquaredChange()
    {
        if (_change.Length != _k * _d)
        {
            _change = new T[_k * _d];
        }

        T[] next = _next.Values;
        T[] old = _centers.Values;
        for (int i = 0; i < _change.Length; i++)
        {
            T difference = next[i] - old[i];
            _change[i] = difference * difference;
        }

        return NumpySum.Sum<T>(_change);
    }

    private Span<int> LabelBuffer(int rows)
    {
        if (_labels.Length < rows)
        {
            _labels = new int[rows];
        }

        return _labels.AsSpan(0, rows);
    }

    private readonly struct LabelAllWork<TRows> : IPartitionWork where TRows : struct, IRowSource<T>
    {
        private readonly TRows _rows;
        private readonly CenterSet<T> _centers;
        private readonly ReadOnlyMemory<T> _weights;
        private readonly Memory<int> _labels;
        private readonly T[][] _scratch;
        private readonly double[] _slots;

        public LabelAllWork(TRows rows, CenterSet<T> centers, ReadOnlyMemory<T> weights, Memory<int> labels, T[][] scratch, double[] slots)
        {
            _rows = rows;
            _centers = centers;
            _weights = weights;
            _labels = labels;
            _scratch = scratch;
            _slots = slots;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int partition, int start, int end, int worker)
        {
            Span<int> labels = _labels.Span;
            _rows.Assign(start, end, _centers, default, labels, _scratch[worker], default, default, default, sumScores: false);
            ReadOnlySpan<T> w = _weights.Span;
            double total = 0;
            for (int i = start; i < end; i++)
            {
                int j = labels[i];
                T distance = _rows.SquaredDistance(i, _centers.Row(j), _centers.Norms[j]);
                total += double.CreateTruncating(w.IsEmpty ? distance : distance * w[i]);
            }

            _slots[partition] = total;
        }
    }

    private readonly struct AssignWork<TRows> : IPartitionWork where TRows : struct, IRowSource<T>
    {
        private readonly TRows _rows;
        private readonly CenterSet<T> _centers;
        private readonly Memory<int> _labels;
        private readonly T[][] _scratch;

        public AssignWork(TRows rows, CenterSet<T> centers, Memory<int> labels, T[][] scratch)
        {
            _rows = rows;
            _centers = centers;
            _labels = labels;
            _scratch = scratch;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int partition, int start, int end, int worker) =>
            _rows.Assign(start, end, _centers, default, _labels.Span, _scratch[worker], default, default, default, sumScores: false);
    }
}
