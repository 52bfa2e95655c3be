using System.Numerics;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Solvers;

namespace Centroid;

/// <summary>
/// A fitted k-means model: scikit-learn's fitted attributes (<c>cluster_centers_</c>, <c>labels_</c>,
/// <c>inertia_</c>, <c>n_iter_</c>) and its <c>predict</c>, <c>transform</c> and <c>score</c>. Immutable; safe to use
/// from several threads at once.
/// </summary>
/// <typeparam name="T">The element type of the data and the centers.</typeparam>
/// <remarks>
/// As in scikit-learn, new data is not centered: the nearest center is chosen by ‖c‖² − 2 x·c on the data as given.
/// </remarks>
public sealed class KMeansModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _centers;
    private readonly int[] _labels;
    private readonly int _threads;

    /// <summary>Creates a model from fitted values; the arrays are kept, not copied.</summary>
    internal KMeansModel(T[] centers, int clusters, int features, int[] labels, double inertia, int iterations, int initRuns, IReadOnlyList<string> warnings, int threads, long steps = 0, KMeansAlgorithm algorithm = KMeansAlgorithm.Lloyd)
    {
        InitRuns = initRuns;
        Algorithm = algorithm;
        Steps = steps;
        _centers = centers;
        _labels = labels;
        _threads = threads;
        Clusters = clusters;
        Features = features;
        Inertia = inertia;
        Iterations = iterations;
        Warnings = warnings;
    }

    /// <summary>
    /// A model from known centers, for <see cref="Predict(DenseMatrix{T})"/>, <see cref="Transform(DenseMatrix{T})"/>
    /// and <see cref="Score(DenseMatrix{T}, ReadOnlyMemory{T})"/> without a fit (e.g. centers saved by an earlier fit).
    /// It has no training labels, zero inertia and zero iterations.
    /// </summary>
    /// <param name="centers">k × d centers; copied.</param>
    /// <param name="maxDegreeOfParallelism">The most threads a prediction uses; null for all processors.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">No centers, or a NaN or infinite value in them.</exception>
    public static KMeansModel<T> FromCenters(DenseMatrix<T> centers, int? maxDegreeOfParallelism = null)
    {
        if (centers.Rows == 0)
        {
            throw new ArgumentException("At least one center is needed.", nameof(centers));
        }

        InputValidation.CheckInitialCenters<T>(centers, centers.Rows, centers.Columns);
        var values = new T[centers.Rows * centers.Columns];
        for (int j = 0; j < centers.Rows; j++)
        {
            centers.Row(j).CopyTo(values.AsSpan(j * centers.Columns, centers.Columns));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism ?? 1, 1, nameof(maxDegreeOfParallelism));
        return new KMeansModel<T>(values, centers.Rows, centers.Columns, [], 0, 0, 0, [], maxDegreeOfParallelism ?? Environment.ProcessorCount);
    }

    /// <summary>The number of clusters k.</summary>
    public int Clusters { get; }

    /// <summary>The number of features d the model was fitted on.</summary>
    public int Features { get; }

    /// <summary>The k × d cluster centers (<c>cluster_centers_</c>), in the data's type.</summary>
    public DenseMatrix<T> Centers => new(_centers, Clusters, Features);

    /// <summary>The label of each training sample (<c>labels_</c>), consistent with <see cref="Centers"/>.</summary>
    public ReadOnlyMemory<int> Labels => _labels;

    /// <summary>
    /// Σ w·‖x − c_label‖² over the training data (<c>inertia_</c>), each term computed in the data's type in the exact
    /// difference form and summed in double.
    /// </summary>
    public double Inertia { get; }

    /// <summary>The Lloyd iterations of the run kept (<c>n_iter_</c>); for <see cref="MiniBatchKMeans{T}"/>, the passes over the data started, ⌈steps × batch size / n⌉.</summary>
    public int Iterations { get; }

    /// <summary>The mini-batches a <see cref="MiniBatchKMeans{T}"/> fit or its partial fits processed (<c>n_steps_</c>); 0 for <see cref="KMeans{T}"/>.</summary>
    public long Steps { get; }

    /// <summary>The iteration algorithm that ran (<see cref="KMeansAlgorithm.Auto"/> resolved); every one gives Lloyd's result. Lloyd for <see cref="FromCenters"/>.</summary>
    public KMeansAlgorithm Algorithm { get; }

    /// <summary>How many initialisations the fit ran (scikit-learn's resolved <c>_n_init</c>); 0 for <see cref="FromCenters"/>.</summary>
    public int InitRuns { get; }

    /// <summary>What scikit-learn would have warned about (e.g. fewer distinct clusters than k); empty when nothing.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The nearest center of each row of <paramref name="x"/> (scikit-learn's <c>predict</c>).</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <returns>One label per row.</returns>
    /// <exception cref="ArgumentException">Wrong number of features, or a NaN or infinite value.</exception>
    public int[] Predict(DenseMatrix<T> x)
    {
        int[] labels = new int[x.Rows];
        Predict(x, labels);
        return labels;
    }

    /// <summary>Writes the nearest center of each row of <paramref name="x"/> to <paramref name="destination"/>.</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <param name="destination">At least <c>x.Rows</c> elements.</param>
    /// <exception cref="ArgumentException">Wrong number of features, a NaN or infinite value, or a destination too short.</exception>
    public void Predict(DenseMatrix<T> x, Span<int> destination)
    {
        CheckDense(x);
        CheckDestination(destination.Length, x.Rows);
        WithPinned(destination[..x.Rows], memory => Solver(new DenseRows<T>(x, null)).Assign(CenterSet(), memory, update: false, sumScores: false));
    }

    /// <summary>The nearest center of each row of CSR <paramref name="x"/>.</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <returns>One label per row.</returns>
    /// <exception cref="ArgumentException">Wrong number of features, or a NaN or infinite value.</exception>
    public int[] Predict(CsrMatrix<T> x)
    {
        int[] labels = new int[x.Rows];
        Predict(x, labels);
        return labels;
    }

    /// <summary>Writes the nearest center of each row of CSR <paramref name="x"/> to <paramref name="destination"/>.</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <param name="destination">At least <c>x.Rows</c> elements.</param>
    /// <exception cref="ArgumentException">Wrong number of features, a NaN or infinite value, or a destination too short.</exception>
    public void Predict(CsrMatrix<T> x, Span<int> destination)
    {
        CheckCsr(x);
        CheckDestination(destination.Length, x.Rows);
        WithPinned(destination[..x.Rows], memory => Solver(new CsrRows<T>(x)).Assign(CenterSet(), memory, update: false, sumScores: false));
    }

    /// <summary>Euclidean distances from each row to each center (scikit-learn's <c>transform</c>), as an n × k matrix.</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <returns>The distances, row-major n × k, computed in double as √max(0, ‖x‖² − 2 x·c + ‖c‖²) and stored in T.</returns>
    /// <exception cref="ArgumentException">Wrong number of features, or a NaN or infinite value.</exception>
    public DenseMatrix<T> Transform(DenseMatrix<T> x)
    {
        var result = new T[(long)x.Rows * Clusters];
        Transform(x, result);
        return new DenseMatrix<T>(result, x.Rows, Clusters);
    }

    /// <summary>Writes the distances from each row to each center to <paramref name="destination"/> (row-major n × k).</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <param name="destination">At least n × k elements.</param>
    /// <exception cref="ArgumentException">Wrong number of features, a NaN or infinite value, or a destination too short.</exception>
    public void Transform(DenseMatrix<T> x, Span<T> destination)
    {
        CheckDense(x);
        CheckDestination(destination.Length, (long)x.Rows * Clusters);
        TransformCore(new DenseRows<T>(x, null), destination[..(x.Rows * Clusters)]);
    }

    /// <summary>Euclidean distances from each row of CSR <paramref name="x"/> to each center, as an n × k dense matrix.</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <returns>The distances, row-major n × k.</returns>
    /// <exception cref="ArgumentException">Wrong number of features, or a NaN or infinite value.</exception>
    public DenseMatrix<T> Transform(CsrMatrix<T> x)
    {
        CheckCsr(x);
        var result = new T[(long)x.Rows * Clusters];
        TransformCore(new CsrRows<T>(x), result);
        return new DenseMatrix<T>(result, x.Rows, Clusters);
    }

    /// <summary>The opposite of the inertia of <paramref name="x"/> against its nearest centers (scikit-learn's <c>score</c>).</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <param name="sampleWeight">One non-negative weight per row, or empty for unit weights.</param>
    /// <returns>−Σ w·‖x − c_nearest‖².</returns>
    /// <exception cref="ArgumentException">Wrong number of features, a NaN or infinite value, or invalid weights.</exception>
    public double Score(DenseMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default)
    {
        CheckDense(x);
        InputValidation.CheckWeights(sampleWeight.Span, x.Rows);
        return ScoreCore(new DenseRows<T>(x, null), sampleWeight);
    }

    /// <summary>The opposite of the inertia of CSR <paramref name="x"/> against its nearest centers.</summary>
    /// <param name="x">Rows of <see cref="Features"/> features.</param>
    /// <param name="sampleWeight">One non-negative weight per row, or empty for unit weights.</param>
    /// <returns>−Σ w·‖x − c_nearest‖².</returns>
    /// <exception cref="ArgumentException">Wrong number of features, a NaN or infinite value, or invalid weights.</exception>
    public double Score(CsrMatrix<T> x, ReadOnlyMemory<T> sampleWeight = default)
    {
        CheckCsr(x);
        InputValidation.CheckWeights(sampleWeight.Span, x.Rows);
        return ScoreCore(new CsrRows<T>(x), sampleWeight);
    }

    private double ScoreCore<TRows>(TRows rows, ReadOnlyMemory<T> weights) where TRows : struct, IRowSource<T>
    {
        var solver = new LloydSolver<T, TRows>(rows, weights, Clusters, new PartitionRunner(_threads, default));
        CenterSet<T> centers = CenterSet();
        int[] labels = new int[rows.Rows];
        solver.Assign(centers, labels, update: false, sumScores: false);
        return -solver.Inertia(centers, labels);
    }

    private void TransformCore<TRows>(TRows rows, Span<T> destination) where TRows : struct, IRowSource<T>
    {
        var centers = new double[Clusters][];
        var norms = new double[Clusters];
        for (int j = 0; j < Clusters; j++)
        {
            centers[j] = new double[Features];
            for (int f = 0; f < Features; f++)
            {
                double v = double.CreateTruncating(_centers[(j * Features) + f]);
                centers[j][f] = v;
                norms[j] += v * v;
            }
        }

        var plan = new RowPartition(rows.Rows, 0);
        var runner = new PartitionRunner(_threads, default);
        unsafe
        {
            fixed (T* pointer = destination)
            {
                using var memory = new PinnedMemory<T>(pointer, destination.Length);
                runner.Run(plan, new TransformWork<TRows>(rows, centers, norms, memory.Memory));
            }
        }
    }

    private LloydSolver<T, TRows> Solver<TRows>(TRows rows) where TRows : struct, IRowSource<T> =>
        new(rows, default, Clusters, new PartitionRunner(_threads, default));

    private CenterSet<T> CenterSet()
    {
        var set = new CenterSet<T>(Clusters, Features);
        _centers.CopyTo(set.Values, 0);
        set.UpdateNorms();
        return set;
    }

    private void CheckDense(DenseMatrix<T> x)
    {
        InputValidation.CheckFeatures(x.Columns, Features);
        ColumnStatistics.MeansChecked(x);
    }

    private void CheckCsr(CsrMatrix<T> x)
    {
        InputValidation.CheckFeatures(x.Columns, Features);
        ColumnStatistics.CheckFinite(x);
    }

    private static void CheckDestination(long length, long needed)
    {
        if (length < needed)
        {
            throw new ArgumentException($"destination has {length} elements; {needed} are needed.", "destination");
        }
    }

    private static unsafe void WithPinned(Span<int> destination, Action<Memory<int>> action)
    {
        fixed (int* pointer = destination)
        {
            using var memory = new PinnedMemory<int>(pointer, destination.Length);
            action(memory.Memory);
        }
    }

    private readonly struct TransformWork<TRows> : IPartitionWork where TRows : struct, IRowSource<T>
    {
        private readonly TRows _rows;
        private readonly double[][] _centers;
        private readonly double[] _norms;
        private readonly Memory<T> _destination;

        public TransformWork(TRows rows, double[][] centers, double[] norms, Memory<T> destination)
        {
            _rows = rows;
            _centers = centers;
            _norms = norms;
            _destination = destination;
        }

        public void Run(int partition, int start, int end, int worker)
        {
            int k = _centers.Length;
            Span<T> output = _destination.Span;
            for (int i = start; i < end; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    double dot = _rows.DotAndNorm(i, _centers[j], out double rowNorm);
                    output[(i * k) + j] = T.CreateTruncating(Math.Sqrt(Math.Max((-2.0 * dot) + rowNorm + _norms[j], 0.0)));
                }
            }
        }
    }
}
