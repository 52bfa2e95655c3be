using System.Numerics;
using Centroid.Initialization;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Random;
using Centroid.Solvers;

namespace Centroid;

/// <summary>
/// k-means clustering with scikit-learn's <c>KMeans</c> semantics, over float or double data, dense or CSR, used
/// where it lies: the data is never copied or converted, and a fit allocates no n × d or n × k array.
/// </summary>
/// <typeparam name="T">The element type of the data, <see cref="float"/> or <see cref="double"/>; centers have the same type.</typeparam>
/// <remarks>
/// <para>A fit runs: validate → column means and tolerance → for each initialisation run: initial centers, Lloyd
/// iterations → keep the best run → shift the centers back. Given the same initial centers it returns
/// scikit-learn's labels and iteration count, and its centers and inertia to rounding.</para>
/// <para>Dense data is centered on the fly (each row minus the column means, in T, exactly as scikit-learn's
/// centered copy); CSR data is not centered, as in scikit-learn. Results are bit-identical for any thread count.
/// They may differ in the last bits between processors with different vector widths.</para>
/// </remarks>
public sealed partial class KMeans<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates an estimator with the given options (scikit-learn's defaults when null).</summary>
    /// <param name="options">The settings; validated when a fit starts.</param>
    public KMeans(KMeansOptions? options = null) => Options = options ?? new KMeansOptions();

    /// <summary>The settings this estimator fits with.</summary>
    public KMeansOptions Options { get; }

    /// <summary>Clusters dense data (scikit-learn's <c>fit</c>).</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="progress">Receives a report per iteration.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Empty data, fewer samples than clusters, a NaN or infinite value, or invalid weights.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(DenseMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitDense(x, null, sampleWeight, progress, cancellationToken);

    /// <summary>Clusters dense data starting from the given centers (scikit-learn's <c>init=array</c>); one run.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="initialCenters">k × d initial centers; not modified.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="progress">Receives a report per iteration.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Invalid data, weights or centers (shape or values).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(DenseMatrix<T> x, DenseMatrix<T> initialCenters, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitDense(x, initialCenters, sampleWeight, progress, cancellationToken);

    /// <summary>Clusters CSR sparse data (scikit-learn's <c>fit</c> on a <c>csr_matrix</c>); centers are dense.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="progress">Receives a report per iteration.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Empty data, fewer samples than clusters, a NaN or infinite value, or invalid weights.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(CsrMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitCsr(x, null, sampleWeight, progress, cancellationToken);

    /// <summary>Clusters CSR sparse data starting from the given centers; one run.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="initialCenters">k × d initial centers; not modified.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="progress">Receives a report per iteration.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Invalid data, weights or centers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel<T> Fit(CsrMatrix<T> x, DenseMatrix<T> initialCenters, ReadOnlyMemory<T> sampleWeight = default, IProgress<KMeansProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FitCsr(x, initialCenters, sampleWeight, progress, cancellationToken);

    /// <summary>Fits and returns the training labels (scikit-learn's <c>fit_predict</c>: the fit's labels, not a second assignment).</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    /// <returns>The label of each sample.</returns>
    /// <exception cref="ArgumentException">Invalid data or weights.</exception>
    public ReadOnlyMemory<int> FitPredict(DenseMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default) =>
        Fit(x, sampleWeight, null, cancellationToken).Labels;

    /// <summary>Fits CSR data and returns the training labels.</summary>
    /// <param name="x">n samples × d features.</param>
    /// <param name="sampleWeight">One non-negative weight per sample, or empty for unit weights.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    /// <returns>The label of each sample.</returns>
    /// <exception cref="ArgumentException">Invalid data or weights.</exception>
    public ReadOnlyMemory<int> FitPredict(CsrMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default, CancellationToken cancellationToken = default) =>
        Fit(x, sampleWeight, null, cancellationToken).Labels;

    private KMeansModel<T> FitDense(DenseMatrix<T> x, DenseMatrix<T>? init, ReadOnlyMemory<T> sampleWeight, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
    {
        Options.Validate();
        InputValidation.CheckShape(x.Rows, x.Columns, Options.Clusters);
        T[] means = ColumnStatistics.MeansChecked(x);
        InputValidation.CheckWeights(sampleWeight.Span, x.Rows);
        sampleWeight = NoneIfAllOne(sampleWeight);
        InputValidation.CheckInitialCenters(init, Options.Clusters, x.Columns);
        double tolerance = ColumnStatistics.Tolerance(x, means, Options.Tolerance);

        // Unweighted sums kept exact where the data allows: rows then move between them instead of being summed again.
        ExactSplit<T>? split = sampleWeight.IsEmpty ? ExactSplit<T>.TryCreate(x, means, Options.ResolveThreads()) : null;
        return Run(new DenseExactRows<T>(x, means, split), means, tolerance, init, sampleWeight, progress, cancellationToken);
    }

    private KMeansModel<T> FitCsr(CsrMatrix<T> x, DenseMatrix<T>? init, ReadOnlyMemory<T> sampleWeight, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
    {
        Options.Validate();
        InputValidation.CheckShape(x.Rows, x.Columns, Options.Clusters);
        ColumnStatistics.CheckFinite(x);
        InputValidation.CheckWeights(sampleWeight.Span, x.Rows);
        sampleWeight = NoneIfAllOne(sampleWeight);
        InputValidation.CheckInitialCenters(init, Options.Clusters, x.Columns);
        double tolerance = ColumnStatistics.Tolerance(x, Options.Tolerance);
        return Run(new CsrExactRows<T>(x), null, tolerance, init, sampleWeight, progress, cancellationToken);
    }

    /// <summary>
    /// No weights for weights that are all 1: the same fit bit for bit (every product with 1 is exact), and the unweighted
    /// one may keep its sums exact (<see cref="ExactSplit{T}"/>).
    /// </summary>
    private static ReadOnlyMemory<T> NoneIfAllOne(ReadOnlyMemory<T> weights) =>
        weights.Span.ContainsAnyExcept(T.One) ? weights : default;

    /// <summary>The runs and the choice of the best; <paramref name="shift"/> is the centering of dense data (null for CSR).</summary>
    private KMeansModel<T> Run<TRows>(TRows rows, T[]? shift, double tolerance, DenseMatrix<T>? init, ReadOnlyMemory<T> weights, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
        where TRows : struct, IExactRows<T>
    {
        int k = Options.Clusters;
        int n = rows.Rows;
        int d = rows.Columns;
        var warnings = new List<string>();
        int runs = ResolveRuns(init is not null, warnings);
        TextWriter? log = Options.Verbose ? Options.Log ?? Console.Out : null;

        var random = new NumpyRandomState(Options.RandomState ?? (uint)System.Random.Shared.NextInt64(0, 1L << 32));
        var runner = new PartitionRunner(Options.ResolveThreads(), cancellationToken);
        IKMeansSolver<T> solver = KMeansSolvers.Create(Options.Algorithm, rows, weights, k, runner, warnings);
        solver.Log = log;
        KMeansPlusPlus<T, TRows>? plusPlus = init is null && Options.Init == KMeansInit.KMeansPlusPlus
            ? new KMeansPlusPlus<T, TRows>(rows, weights, runner)
            : null;

        var centers = new CenterSet<T>(k, d);
        var bestCenters = new CenterSet<T>(k, d);
        int[] labels = new int[n];
        int[] bestLabels = runs > 1 ? new int[n] : labels;
        LloydResult best = default;
        for (int run = 0; run < runs; run++)
        {
            if (init is DenseMatrix<T> given)
            {
                SetCenters(given, shift, centers);
            }
            else if (plusPlus is not null)
            {
                plusPlus.Run(centers, random, cancellationToken);
            }
            else
            {
                RandomInit.Run(rows, weights.Span, centers, random);
            }

            log?.WriteLine("Initialization complete");
            int currentRun = run;
            solver.IterationCallback = progress is null
                ? null
                : (iteration, inertia) => progress.Report(new KMeansProgress(currentRun, runs, iteration, Options.MaxIterations, inertia));
            LloydResult result = solver.Run(centers, labels, Options.MaxIterations, tolerance, cancellationToken);

            // As scikit-learn: a later run wins only with a strictly lower inertia and a different partition.
            if (run == 0 || (result.Inertia < best.Inertia && !IsSameClustering(labels, bestLabels, k)))
            {
                best = result;
                centers.Values.CopyTo(bestCenters.Values, 0);
                if (runs > 1)
                {
                    (labels, bestLabels) = (bestLabels, labels);
                }
            }
        }

        if (shift is not null)
        {
            for (int j = 0; j < k; j++)
            {
                Span<T> row = bestCenters.Row(j);
                for (int f = 0; f < d; f++)
                {
                    row[f] += shift[f];
                }
            }
        }

        int distinct = CountDistinct(bestLabels, k);
        if (distinct < k)
        {
            warnings.Add($"Number of distinct clusters ({distinct}) found smaller than n_clusters ({k}). Possibly due to duplicate points in X.");
        }

        return new KMeansModel<T>(bestCenters.Values, k, d, bestLabels, best.Inertia, best.Iterations, runs, warnings, Options.ResolveThreads(), algorithm: solver.Algorithm);
    }

    /// <summary>scikit-learn ≥ 1.4's <c>n_init</c> resolution.</summary>
    private int ResolveRuns(bool explicitCenters, List<string> warnings)
    {
        if (explicitCenters)
        {
            if (Options.InitRuns is > 1)
            {
                warnings.Add($"Explicit initial center position passed: performing only one init in KMeans instead of n_init={Options.InitRuns}.");
            }

            return 1;
        }

        return Options.InitRuns ?? (Options.Init == KMeansInit.KMeansPlusPlus ? 1 : 10);
    }

    /// <summary>Initial centers in working coordinates: the given rows minus the centering shift, in T.</summary>
    private static void SetCenters(DenseMatrix<T> given, T[]? shift, CenterSet<T> centers)
    {
        for (int j = 0; j < centers.Clusters; j++)
        {
            ReadOnlySpan<T> source = given.Row(j);
            Span<T> target = centers.Row(j);
            for (int f = 0; f < target.Length; f++)
            {
                target[f] = shift is null ? source[f] : source[f] - shift[f];
            }
        }
    }

    /// <summary>scikit-learn's <c>_is_same_clustering</c>: whether every label of <paramref name="a"/> maps to a single label of <paramref name="b"/>.</summary>
    private static bool IsSameClustering(int[] a, int[] b, int k)
    {
        Span<int> mapping = k <= 1024 ? stackalloc int[k] : new int[k];
        mapping.Fill(-1);
        for (int i = 0; i < a.Length; i++)
        {
            ref int mapped = ref mapping[a[i]];
            if (mapped == -1)
            {
                mapped = b[i];
            }
            else if (mapped != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int CountDistinct(int[] labels, int k)
    {
        var seen = new bool[k];
        int distinct = 0;
        foreach (int label in labels)
        {
            if (!seen[label])
            {
                seen[label] = true;
                distinct++;
            }
        }

        return distinct;
    }
}
