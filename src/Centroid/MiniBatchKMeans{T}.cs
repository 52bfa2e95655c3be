using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Centroid.Initialization;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Random;
using Centroid.Solvers;

namespace Centroid;

/// <summary>
/// Mini-batch k-means with scikit-learn's <c>MiniBatchKMeans</c> semantics (scikit-learn ≥ 1.4), over float or double
/// data, dense or CSR: <see cref="Fit(DenseMatrix{T}, ReadOnlyMemory{T}, IProgress{KMeansProgress}?, CancellationToken)"/>
/// for data in memory, <see cref="PartialFit(DenseMatrix{T}, ReadOnlyMemory{T}, CancellationToken)"/> for a stream of
/// batches (data larger than memory, read chunk by chunk).
/// </summary>
/// <typeparam name="T">The element type of the data, <see cref="float"/> or <see cref="double"/>; centers have the same type.</typeparam>
/// <remarks>
/// <para>A fit runs: validate → validation sample → for each initialisation: subsample, initial centers, inertia on the
/// validation sample; keep the lowest → steps: draw a batch with probability ∝ weight, assign it, move each center
/// towards its members' mean at the rate of its accumulated weight, reassign light centers, check the early stop →
/// labels and inertia of all the data (<see cref="MiniBatchKMeansOptions.ComputeLabels"/>).</para>
/// <para>Given the same seed and data it draws the same samples as scikit-learn ≥ 1.4, and its center updates repeat
/// scikit-learn's arithmetic in T operation for operation, so centers, step counts and labels agree exactly unless a
/// sample lies within rounding of two centers (BLAS and this library round dot products differently). Data is never
/// centered, copied or converted: a batch (b × d) and the initialisation samples (2 × init size × d) are gathered into
/// buffers reused across steps. Results are bit-identical for any thread count.</para>
/// <para>The estimator keeps the state of its last fit or partial fit (centers, per-center weights, step count), as
/// scikit-learn's does: <see cref="PartialFit(DenseMatrix{T}, ReadOnlyMemory{T}, CancellationToken)"/> continues from
/// it. It is not safe to use from several threads at once; the models it returns are.</para>
/// </remarks>
public sealed class MiniBatchKMeans<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Below this many values (rows × d) the initialisation sample is seeded on the calling thread.
    private const long SerialInitElements = 1L << 20;

    private MiniBatchSolver<T>? _solver;
    private NumpyRandomState? _partialRandom;
    private KMeansModel<T>? _model;
    private int[] _labels = [];
    private double _inertia;
    private int _iterations;
    private int _initRuns;
    private long _steps;
    private List<string> _warnings = [];

    /// <summary>Creates an estimator with the given options (scikit-learn's defaults when null).</summary>
    /// <param name="options">The settings; validated when a fit starts.</param>
    public MiniBatchKMeans(MiniBatchKMeansOptions? options = null) => Options = options ?? new MiniBatchKMeansOptions();

    /// <summary>The settings this estimator fits with.</summary>
    public MiniBatchKMeansOptions Options { get; }

    /// <summary>Whether a fit or a partial fit has set centers.</summary>
    public bool IsFitted => _solver is not null;

    /// <summary>
    /// The model as it stands: after <c>Fit</c>, the model that call returned; after <c>PartialFit</c>, the current
    /// centers with the labels and inertia of the last batch (scikit-learn's attributes after <c>partial_fit</c>) and
    /// <see cref="KMeansModel{T}.Steps"/> counting every step so far.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither <c>Fit</c> nor <c>PartialFit</c> has run.</exception>
    public KMeansModel<T> Model => _model ??= Snapshot();

    /// <summary>The weight each center has accumulated (scikit-learn's <c>_counts</c>); empty before any fit.</summary>
    internal ReadOnlySpan<T> Counts => _solver is null ? [] : _solver.Counts;

    /// <summary>The step state (for tests of the step rules); null before any fit.</summary>
    internal MiniBatchSolver<T>? Solver => _solver;

    /// <summary>Clusters dense data (scikit-learn's <c>fit</c>).</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights. Batches are drawn with probability proportional to it.</param>
    /// <param name="progress">Receives a report after each pass over the data: <see cref="KMeansProgress.Iteration"/> the pass (from 0), <see cref="KMeansProgress.Inertia"/> the smoothed batch inertia scaled to the whole data.</param>
    /// <param name="cancellationToken">Checked once per step.</param>
    /// <returns>The fitted model; <see cref="KMeansModel{T}.Iterations"/> counts passes over the data (<c>n_iter_</c>), <see cref="KMeansModel{T}.Steps"/> batches (<c>n_steps_</c>).</returns>
    /// <exception cref="ArgumentException">Empty data, fewer samples than clusters, a NaN or infinite value, or invalid weights.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(DenseMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitDense(x, null, sampleWeight, progress, cancellationToken);

    /// <summary>Clusters dense data starting from the given centers (scikit-learn's <c>init=array</c>); one initialisation.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="initialCenters">k × d initial centers; not modified.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="progress">Receives a report after each pass over the data.</param>
    /// <param name="cancellationToken">Checked once per step.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Invalid data, weights or centers (shape or values).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(DenseMatrix<T> x, DenseMatrix<T> initialCenters, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitDense(x, initialCenters, sampleWeight, progress, cancellationToken);

    /// <summary>Clusters CSR sparse data (scikit-learn's <c>fit</c> on a <c>csr_matrix</c>); centers are dense.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="progress">Receives a report after each pass over the data.</param>
    /// <param name="cancellationToken">Checked once per step.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Empty data, fewer samples than clusters, a NaN or infinite value, or invalid weights.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(CsrMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitCsr(x, null, sampleWeight, progress, cancellationToken);

    /// <summary>Clusters CSR sparse data starting from the given centers; one initialisation.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="initialCenters">k × d initial centers; not modified.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="progress">Receives a report after each pass over the data.</param>
    /// <param name="cancellationToken">Checked once per step.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Invalid data, weights or centers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(CsrMatrix<T> x, DenseMatrix<T> initialCenters, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitCsr(x, initialCenters, sampleWeight, progress, cancellationToken);

    /// <summary>Fits and returns the training labels (scikit-learn's <c>fit_predict</c>; computed whatever <see cref="MiniBatchKMeansOptions.ComputeLabels"/> says).</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked once per step.</param>
    /// <returns>The label of each sample.</returns>
    /// <exception cref="ArgumentException">Invalid data or weights.</exception>
    public ReadOnlyMemory<int> FitPredict(DenseMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default)
    {
        KMeansModel<T> model = Fit(x, sampleWeight, null, cancellationToken);
        return Options.ComputeLabels ? model.Labels : model.Predict(x);
    }

    /// <summary>Fits CSR data and returns the training labels.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked once per step.</param>
    /// <returns>The label of each sample.</returns>
    /// <exception cref="ArgumentException">Invalid data or weights.</exception>
    public ReadOnlyMemory<int> FitPredict(CsrMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default)
    {
        KMeansModel<T> model = Fit(x, sampleWeight, null, cancellationToken);
        return Options.ComputeLabels ? model.Labels : model.Predict(x);
    }

    /// <summary>
    /// One mini-batch step on <paramref name="batch"/> (scikit-learn's <c>partial_fit</c>): the first call (on an
    /// unfitted estimator) also initialises the centers from this batch; every call updates the centers in place with
    /// the batch and its weights as given, and may reassign light centers. Call it on successive chunks of a data set
    /// too large for memory.
    /// </summary>
    /// <param name="batch">The batch rows; at least k of them on the first call.</param>
    /// <param name="sampleWeight">One non-negative weight per batch row, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked before the step.</param>
    /// <remarks>
    /// The first call resolves the batch size (min(BatchSize, rows of this batch), the reassignment clock's step) and
    /// the initialisation sample size from this batch and runs a single initialisation (<see cref="MiniBatchKMeansOptions.InitRuns"/>
    /// is not used). The generator is created from <see cref="MiniBatchKMeansOptions.RandomState"/> on the first call and
    /// kept for all later calls (a <c>Fit</c> does not reset it). No early stopping applies. <see cref="Model"/> then holds
    /// the labels and inertia of this batch when <see cref="MiniBatchKMeansOptions.ComputeLabels"/> is set.
    /// </remarks>
    /// <exception cref="ArgumentException">An empty batch, fewer rows than clusters on the first call, a width different from the centers', a NaN or infinite value, or invalid weights.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (checked on the first call).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void PartialFit(DenseMatrix<T> batch, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default) =>
        PartialFitDense(batch, null, sampleWeight, cancellationToken);

    /// <summary>
    /// One mini-batch step on <paramref name="batch"/>; on the first call the centers start from
    /// <paramref name="initialCenters"/> (scikit-learn's <c>init=array</c>), which later calls ignore, as scikit-learn does.
    /// </summary>
    /// <param name="batch">The batch rows.</param>
    /// <param name="initialCenters">k × d initial centers, used only if the estimator has no centers yet; not modified.</param>
    /// <param name="sampleWeight">One non-negative weight per batch row, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked before the step.</param>
    /// <exception cref="ArgumentException">Invalid batch, weights or centers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (checked on the first call).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void PartialFit(DenseMatrix<T> batch, DenseMatrix<T> initialCenters, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default) =>
        PartialFitDense(batch, initialCenters, sampleWeight, cancellationToken);

    /// <summary>One mini-batch step on a CSR batch; see <see cref="PartialFit(DenseMatrix{T}, ReadOnlyMemory{T}, CancellationToken)"/>.</summary>
    /// <param name="batch">The batch rows.</param>
    /// <param name="sampleWeight">One non-negative weight per batch row, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked before the step.</param>
    /// <exception cref="ArgumentException">Invalid batch or weights.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (checked on the first call).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void PartialFit(CsrMatrix<T> batch, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default) =>
        PartialFitCsr(batch, null, sampleWeight, cancellationToken);

    /// <summary>One mini-batch step on a CSR batch, the first call starting from <paramref name="initialCenters"/>.</summary>
    /// <param name="batch">The batch rows.</param>
    /// <param name="initialCenters">k × d initial centers, used only if the estimator has no centers yet; not modified.</param>
    /// <param name="sampleWeight">One non-negative weight per batch row, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked before the step.</param>
    /// <exception cref="ArgumentException">Invalid batch, weights or centers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (checked on the first call).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void PartialFit(CsrMatrix<T> batch, DenseMatrix<T> initialCenters, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default) =>
        PartialFitCsr(batch, initialCenters, sampleWeight, cancellationToken);

    private KMeansModel<T> FitDense(DenseMatrix<T> x, DenseMatrix<T>? init, ReadOnlyMemory<T> sampleWeight, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
    {
        Options.Validate();
        InputValidation.CheckShape(x.Rows, x.Columns, Options.Clusters);

        // The means only serve the variance behind tol (which does not depend on centering; mini-batch k-means never
        // centers); with the default tol = 0 a vectorised finite check is all the pass over the data has to do.
        T[]? means = Options.Tolerance > 0 ? ColumnStatistics.MeansChecked(x) : null;
        if (means is null)
        {
            CheckFinite(x);
        }

        InputValidation.CheckWeights(sampleWeight.Span, x.Rows);
        InputValidation.CheckInitialCenters(init, Options.Clusters, x.Columns);
        double tolerance = means is null ? 0 : ColumnStatistics.Tolerance(x, means, Options.Tolerance);
        return Run<DenseRows<T>, DenseBatch<T>, DenseRowGather<T>>(
            new DenseRowGather<T>(x), new DenseRowGather<T>(x), new DenseRowGather<T>(x), x.Columns, tolerance, init, sampleWeight, progress, cancellationToken);
    }

    private KMeansModel<T> FitCsr(CsrMatrix<T> x, DenseMatrix<T>? init, ReadOnlyMemory<T> sampleWeight, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
    {
        Options.Validate();
        InputValidation.CheckShape(x.Rows, x.Columns, Options.Clusters);
        ColumnStatistics.CheckFinite(x);
        InputValidation.CheckWeights(sampleWeight.Span, x.Rows);
        InputValidation.CheckInitialCenters(init, Options.Clusters, x.Columns);
        double tolerance = ColumnStatistics.Tolerance(x, Options.Tolerance);
        return Run<CsrRows<T>, CsrBatch<T>, CsrRowGather<T>>(
            new CsrRowGather<T>(x), new CsrRowGather<T>(x), new CsrRowGather<T>(x), x.Columns, tolerance, init, sampleWeight, progress, cancellationToken);
    }

    /// <summary>
    /// The fit proper. Three gathers over the same data keep the validation sample, an initialisation subsample and the
    /// current batch alive side by side.
    /// </summary>
    private KMeansModel<T> Run<TRows, TBatch, TGather>(
        TGather validationGather, TGather initGather, TGather batchGather, int d, double tolerance, DenseMatrix<T>? init, ReadOnlyMemory<T> weights,
        IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
        where TRows : struct, IRowSource<T>
        where TBatch : struct, IBatchRows<T, TRows>
        where TGather : IRowGather<T, TBatch>
    {
        int k = Options.Clusters;
        int n = batchGather.Rows;
        var warnings = new List<string>();
        MiniBatchSizes sizes = MiniBatchSizes.Resolve(Options.BatchSize, Options.InitSize, k, n);
        if (sizes.Warning is string sizeWarning)
        {
            warnings.Add(sizeWarning);
        }

        int runs = ResolveRuns(init is not null, warnings);
        TextWriter? log = Options.Verbose ? Options.Log ?? Console.Out : null;
        var random = new NumpyRandomState(Options.RandomState ?? DrawSeed());
        var runner = new PartitionRunner(Options.ResolveThreads(), cancellationToken);

        // scikit-learn draws the validation sample first, whatever the initialisation (reference §4.6).
        int[] indices = new int[sizes.InitSize];
        DrawIntegers(random, n, indices);
        TBatch validation = validationGather.Gather(indices);
        T[] validationWeights = GatherWeights(weights.Span, indices);

        var candidate = new CenterSet<T>(k, d);
        var best = new CenterSet<T>(k, d);
        var solver = new MiniBatchSolver<T>(best, sizes.BatchSize, Options.ReassignmentRatio, runner) { Log = log };
        double bestInertia = double.PositiveInfinity;
        for (int run = 0; run < runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            log?.WriteLine($"Init {run + 1}/{runs} with method {InitName(init)}");
            TBatch sample = initGather.All();
            ReadOnlyMemory<T> sampleWeights = weights;
            if (sizes.InitSize < n)
            {
                // Drawn for every initialisation, explicit centers included, as scikit-learn does; only used by the others.
                DrawIntegers(random, n, indices);
                if (init is null)
                {
                    sample = initGather.Gather(indices);
                    sampleWeights = GatherWeights(weights.Span, indices);
                }
            }

            Initialize<TRows, TBatch>(sample, sampleWeights, init, candidate, random, runner, cancellationToken);
            double inertia = solver.LabelsAndInertia(validation.Source, validationWeights, candidate, default);
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Inertia for init {run + 1}/{runs}: {inertia}"));

            // The first strictly lowest wins (no same-partition test here, unlike KMeans).
            if (run == 0 || inertia < bestInertia)
            {
                bestInertia = inertia;
                candidate.Values.CopyTo(best.Values, 0);
            }
        }

        T totalWeight = weights.IsEmpty ? T.CreateTruncating(n) : NumpySum.Sum(weights.Span);
        long maxSteps = (long)Options.MaxIterations * n / sizes.BatchSize;
        ReplacementChoice sampler = ReplacementChoice.Create(n, weights.Span);
        var convergence = new MiniBatchConvergence(sizes.BatchSize, n, tolerance, Options.MaxNoImprovement);
        int[] batchIndices = new int[sizes.BatchSize];
        long step = 0;
        MiniBatchStop stop = MiniBatchStop.MaxIterations;
        for (; step < maxSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sampler.Sample(random, batchIndices);
            TBatch batch = batchGather.Gather(batchIndices);

            // The batches are drawn in proportion to the weights, so the step itself takes unit weights (#30751).
            double batchInertia = solver.Step<TRows, TBatch>(batch, default, random, tolerance > 0, out double change);
            MiniBatchStop state = convergence.Update(step, change, batchInertia);
            if (log is not null)
            {
                LogStep(log, step, maxSteps, convergence, state);
            }

            long epoch = (step + 1) * sizes.BatchSize / n;
            if (progress is not null && epoch > step * sizes.BatchSize / n)
            {
                double estimate = (convergence.Average ?? convergence.LastBatchInertia) * double.CreateTruncating(totalWeight);
                progress.Report(new KMeansProgress(0, 1, (int)(epoch - 1), Options.MaxIterations, estimate));
            }

            if (state != MiniBatchStop.None)
            {
                stop = state;
                break;
            }
        }

        long steps = stop == MiniBatchStop.MaxIterations ? maxSteps : step + 1;
        int iterations = (int)(((steps * sizes.BatchSize) + n - 1) / n);
        int[] labels = [];
        double fitInertia;
        if (Options.ComputeLabels)
        {
            labels = new int[n];
            fitInertia = solver.LabelAll(batchGather.All().Source, weights, labels);
        }
        else
        {
            // scikit-learn ≥ 1.7 (#30751): the smoothed per-sample batch inertia times Σw. After a single step there is no
            // average yet and scikit-learn fails (None × float); that step's batch inertia stands in for it.
            fitInertia = (convergence.Average ?? convergence.LastBatchInertia) * double.CreateTruncating(totalWeight);
        }

        _solver = solver;
        _steps = steps;
        _iterations = iterations;
        _initRuns = runs;
        _labels = labels;
        _inertia = fitInertia;
        _warnings = warnings;
        _model = new KMeansModel<T>((T[])solver.Centers.Values.Clone(), k, d, labels, fitInertia, iterations, runs, warnings, Options.ResolveThreads(), steps);
        return _model;
    }

    private void PartialFitDense(DenseMatrix<T> batch, DenseMatrix<T>? init, ReadOnlyMemory<T> sampleWeight, CancellationToken cancellationToken)
    {
        CheckBatch(batch.Rows, batch.Columns, init, sampleWeight);
        CheckFinite(batch);
        PartialStep<DenseRows<T>, DenseBatch<T>, DenseRowGather<T>>(new DenseRowGather<T>(batch), batch.Columns, init, sampleWeight, cancellationToken);
    }

    private void PartialFitCsr(CsrMatrix<T> batch, DenseMatrix<T>? init, ReadOnlyMemory<T> sampleWeight, CancellationToken cancellationToken)
    {
        CheckBatch(batch.Rows, batch.Columns, init, sampleWeight);
        ColumnStatistics.CheckFinite(batch);
        PartialStep<CsrRows<T>, CsrBatch<T>, CsrRowGather<T>>(new CsrRowGather<T>(batch), batch.Columns, init, sampleWeight, cancellationToken);
    }

    /// <summary>The checks of a partial fit: options, shape and initial centers on the first call, width on later ones.</summary>
    private void CheckBatch(int rows, int columns, DenseMatrix<T>? init, ReadOnlyMemory<T> sampleWeight)
    {
        if (_solver is null)
        {
            Options.Validate();
            InputValidation.CheckShape(rows, columns, Options.Clusters);
            InputValidation.CheckInitialCenters(init, Options.Clusters, columns);
        }
        else
        {
            InputValidation.CheckShape(rows, columns, 1);
            InputValidation.CheckFeatures(columns, _solver.Centers.Features);
        }

        InputValidation.CheckWeights(sampleWeight.Span, rows);
    }

    /// <summary>scikit-learn's <c>partial_fit</c> after validation.</summary>
    private void PartialStep<TRows, TBatch, TGather>(TGather gather, int d, DenseMatrix<T>? init, ReadOnlyMemory<T> weights, CancellationToken cancellationToken)
        where TRows : struct, IRowSource<T>
        where TBatch : struct, IBatchRows<T, TRows>
        where TGather : IRowGather<T, TBatch>
    {
        cancellationToken.ThrowIfCancellationRequested();
        var runner = new PartitionRunner(Options.ResolveThreads(), cancellationToken);
        NumpyRandomState random = _partialRandom ??= new NumpyRandomState(Options.RandomState ?? DrawSeed());
        int rows = gather.Rows;
        if (_solver is null)
        {
            int k = Options.Clusters;
            var warnings = new List<string>();
            MiniBatchSizes sizes = MiniBatchSizes.Resolve(Options.BatchSize, Options.InitSize, k, rows);
            if (sizes.Warning is string sizeWarning)
            {
                warnings.Add(sizeWarning);
            }

            ResolveRuns(init is not null, warnings);
            TBatch sample = gather.All();
            ReadOnlyMemory<T> sampleWeights = weights;
            if (sizes.InitSize < rows)
            {
                int[] indices = new int[sizes.InitSize];
                DrawIntegers(random, rows, indices);
                if (init is null)
                {
                    sample = gather.Gather(indices);
                    sampleWeights = GatherWeights(weights.Span, indices);
                }
            }

            var centers = new CenterSet<T>(k, d);
            Initialize<TRows, TBatch>(sample, sampleWeights, init, centers, random, runner, cancellationToken);
            _solver = new MiniBatchSolver<T>(centers, sizes.BatchSize, Options.ReassignmentRatio, runner);
            _initRuns = 1;
            _iterations = 0;
            _steps = 0;
            _warnings = warnings;
        }

        MiniBatchSolver<T> solver = _solver;
        solver.Runner = runner;
        solver.Log = Options.Verbose ? Options.Log ?? Console.Out : null;
        TBatch batch = gather.All();
        solver.Step<TRows, TBatch>(batch, weights.Span, random, measureChange: false, out _);
        _steps++;
        if (Options.ComputeLabels)
        {
            _labels = new int[rows];
            _inertia = solver.LabelsAndInertia(batch.Source, weights.Span, solver.Centers, _labels);
        }

        _model = null;
    }

    /// <summary>Initial centers from <paramref name="sample"/> (the whole data or an init-size subsample), into <paramref name="centers"/>.</summary>
    private void Initialize<TRows, TBatch>(
        TBatch sample, ReadOnlyMemory<T> sampleWeights, DenseMatrix<T>? init, CenterSet<T> centers, NumpyRandomState random, PartitionRunner runner, CancellationToken cancellationToken)
        where TRows : struct, IRowSource<T>
        where TBatch : struct, IBatchRows<T, TRows>
    {
        if (init is DenseMatrix<T> given)
        {
            for (int j = 0; j < centers.Clusters; j++)
            {
                given.Row(j).CopyTo(centers.Row(j));
            }
        }
        else if (Options.Init == KMeansInit.KMeansPlusPlus)
        {
            // A k-means++ pass over an init sample (3 × 1024 rows by default) is microseconds of work: waking workers for
            // each of its k × (2 + ln k) passes costs more than it saves. The result does not depend on the thread count.
            TRows rows = sample.Source;
            PartitionRunner initRunner = (long)rows.Rows * rows.Columns < SerialInitElements ? new PartitionRunner(1, cancellationToken) : runner;
            new KMeansPlusPlus<T, TRows>(rows, sampleWeights, initRunner).Run(centers, random, cancellationToken);
        }
        else
        {
            RandomInit.Run(sample.Source, sampleWeights.Span, centers, random);
        }
    }

    /// <summary>scikit-learn ≥ 1.4's <c>n_init</c> resolution for mini-batch k-means (random: 3).</summary>
    private int ResolveRuns(bool explicitCenters, List<string> warnings)
    {
        if (explicitCenters)
        {
            if (Options.InitRuns is > 1)
            {
                warnings.Add($"Explicit initial center position passed: performing only one init in MiniBatchKMeans instead of n_init={Options.InitRuns}.");
            }

            return 1;
        }

        return Options.InitRuns ?? (Options.Init == KMeansInit.KMeansPlusPlus ? 1 : 3);
    }

    private KMeansModel<T> Snapshot()
    {
        MiniBatchSolver<T> solver = _solver ?? throw new InvalidOperationException("The estimator has not been fitted: call Fit or PartialFit first.");
        CenterSet<T> centers = solver.Centers;
        return new KMeansModel<T>(
            (T[])centers.Values.Clone(), centers.Clusters, centers.Features, _labels, _inertia, _iterations, _initRuns, _warnings, Options.ResolveThreads(), _steps);
    }

    private string InitName(DenseMatrix<T>? init) =>
        init is not null ? "array" : Options.Init == KMeansInit.KMeansPlusPlus ? "k-means++" : "random";

    /// <summary>scikit-learn's per-step verbose lines (<c>_mini_batch_convergence</c>).</summary>
    private static void LogStep(TextWriter log, long step, long maxSteps, MiniBatchConvergence convergence, MiniBatchStop state)
    {
        IFormatProvider invariant = CultureInfo.InvariantCulture;
        long number = step + 1;
        log.WriteLine(convergence.Average is double average
            ? string.Create(invariant, $"Minibatch step {number}/{maxSteps}: mean batch inertia: {convergence.LastBatchInertia}, ewa inertia: {average}")
            : string.Create(invariant, $"Minibatch step {number}/{maxSteps}: mean batch inertia: {convergence.LastBatchInertia}"));
        if (state == MiniBatchStop.SmallCenterChange)
        {
            log.WriteLine($"Converged (small centers change) at step {number}/{maxSteps}");
        }
        else if (state == MiniBatchStop.NoImprovement)
        {
            log.WriteLine($"Converged (lack of improvement in inertia) at step {number}/{maxSteps}");
        }
    }

    /// <summary>
    /// Rejects a NaN or infinite value with <see cref="ColumnStatistics"/>'s message. x − x is 0 exactly for finite x and
    /// NaN otherwise, so whole vectors are tested at once; a failing row is handed to the scalar check, which names the
    /// row and column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckFinite(DenseMatrix<T> x)
    {
        ReadOnlySpan<T> data = x.Memory.Span;
        int d = x.Columns;
        int rowsPerSpan = x.IsContiguous ? x.Rows : 1;
        for (int first = 0; first < x.Rows; first += rowsPerSpan)
        {
            int count = Math.Min(rowsPerSpan, x.Rows - first);
            ReadOnlySpan<T> values = data.Slice(first * x.Stride, ((count - 1) * x.Stride) + d);
            if (!AllFinite(values))
            {
                ColumnStatistics.MeansChecked(x);
            }
        }
    }

    private static bool AllFinite(ReadOnlySpan<T> values)
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<T>.Count)
        {
            Vector256<T> bad = Vector256<T>.Zero;
            for (; i <= values.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref start, (nuint)i);

                // NaN propagates through the subtraction and the sum; inf − inf is NaN.
                bad += v - v;
            }

            if (!Vector256.EqualsAll(bad, Vector256<T>.Zero))
            {
                return false;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(Unsafe.Add(ref start, i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>randint(0, n, size)</c>: NumPy's masked rejection draws, in order.</summary>
    private static void DrawIntegers(NumpyRandomState random, int n, Span<int> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (int)random.NextInteger(0, n);
        }
    }

    /// <summary>The weights of the gathered rows (<c>sample_weight[indices]</c>), or empty for unit weights.</summary>
    private static T[] GatherWeights(ReadOnlySpan<T> weights, ReadOnlySpan<int> indices)
    {
        if (weights.IsEmpty)
        {
            return [];
        }

        var gathered = new T[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            gathered[i] = weights[indices[i]];
        }

        return gathered;
    }

    private static uint DrawSeed() => (uint)System.Random.Shared.NextInt64(0, 1L << 32);
}
