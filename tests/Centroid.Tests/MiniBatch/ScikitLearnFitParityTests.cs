using System.Numerics;
using System.Text.Json;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// A fit reproduces scikit-learn main's <c>MiniBatchKMeans.fit</c> (<c>fit_main.json</c>: k-means++, random and array
/// initialisations, weights, reassignments, both early stops and max_iter, compute_labels on and off): the same steps,
/// passes, labels, per-center weights and centers — bit for bit, because the batches, the updates and the decisions
/// are computed with scikit-learn's operations in its order. Only the final inertia is compared to rounding: it is
/// summed in double over partitions of the rows, where scikit-learn sums in T.
/// </summary>
public abstract class ScikitLearnFitParityTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected abstract string DataType { get; }

    /// <summary>Relative tolerance of the final inertia (summation order and precision).</summary>
    protected abstract double InertiaTolerance { get; }

    [Theory]
    [MemberData(nameof(MiniBatchFixture.FitCases), MemberType = typeof(MiniBatchFixture))]
    public void Fit_MatchesScikitLearnMain(string name, bool csr)
    {
        JsonElement c = MiniBatchFixture.FitCase(name);
        JsonElement expected = c.GetProperty("runs").GetProperty($"{DataType}/{(csr ? "csr" : "dense")}");
        KMeansModel<T> model = FitCase(c, csr, threads: null);

        Assert.Equal(expected.GetProperty("n_steps").GetInt64(), model.Steps);
        Assert.Equal(expected.GetProperty("n_iter").GetInt32(), model.Iterations);
        Assert.Equal(expected.GetProperty("n_init").GetInt32(), model.InitRuns);
        if (expected.TryGetProperty("labels", out JsonElement labels))
        {
            Assert.Equal(MiniBatchFixture.Ints(labels), model.Labels.ToArray());
            double inertia = expected.GetProperty("inertia").GetDouble();
            Assert.True(Math.Abs(model.Inertia - inertia) <= InertiaTolerance * inertia, $"inertia {model.Inertia:R} vs scikit-learn {inertia:R}");
        }
        else if (!csr)
        {
            // ewa × Σw, both computed exactly as scikit-learn computes them.
            Assert.Equal(expected.GetProperty("inertia").GetDouble(), model.Inertia);
            Assert.True(model.Labels.IsEmpty);
        }
        else
        {
            // CSR batch distances use ‖c‖², which NumPy sums with einsum's own loop: the last bit of the EWA can differ.
            double inertia = expected.GetProperty("inertia").GetDouble();
            Assert.True(Math.Abs(model.Inertia - inertia) <= InertiaTolerance * inertia, $"inertia {model.Inertia:R} vs scikit-learn {inertia:R}");
            Assert.True(model.Labels.IsEmpty);
        }

        Assert.Equal(MiniBatchFixture.Flatten(expected.GetProperty("centers")), MiniBatchFixture.Centers(model));
    }

    [Theory]
    [MemberData(nameof(MiniBatchFixture.FitCases), MemberType = typeof(MiniBatchFixture))]
    public void Fit_AccumulatesScikitLearnsCenterWeights(string name, bool csr)
    {
        JsonElement c = MiniBatchFixture.FitCase(name);
        JsonElement expected = c.GetProperty("runs").GetProperty($"{DataType}/{(csr ? "csr" : "dense")}");
        var kmeans = new MiniBatchKMeans<T>(Options(c));
        Fit(kmeans, c, csr);

        Assert.Equal(MiniBatchFixture.Doubles(expected.GetProperty("counts")), kmeans.Counts.ToArray().Select(double.CreateTruncating));
    }

    [Theory]
    [InlineData("blobs_init_weighted", false)]
    [InlineData("blobs_kmeanspp", true)]
    [InlineData("blobs_many_reassign", false)]
    public void Fit_IsTheSameOnOneThreadAndTwo(string name, bool csr)
    {
        JsonElement c = MiniBatchFixture.FitCase(name);
        KMeansModel<T> one = FitCase(c, csr, threads: 1);
        KMeansModel<T> two = FitCase(c, csr, threads: 2);

        Assert.Equal(one.Steps, two.Steps);
        Assert.Equal(one.Labels.ToArray(), two.Labels.ToArray());
        Assert.Equal(one.Inertia, two.Inertia);
        Assert.Equal(MiniBatchFixture.Centers(one), MiniBatchFixture.Centers(two));
    }

    internal static MiniBatchKMeansOptions Options(JsonElement c, int? threads = null)
    {
        JsonElement p = c.GetProperty("params");
        string init = c.GetProperty("init").GetString()!;
        return new MiniBatchKMeansOptions
        {
            Clusters = c.GetProperty("k").GetInt32(),
            Init = init == "random" ? KMeansInit.Random : KMeansInit.KMeansPlusPlus,
            BatchSize = p.GetProperty("batch_size").GetInt32(),
            MaxIterations = p.GetProperty("max_iter").GetInt32(),
            Tolerance = p.GetProperty("tol").GetDouble(),
            MaxNoImprovement = p.GetProperty("max_no_improvement").ValueKind == JsonValueKind.Null ? null : p.GetProperty("max_no_improvement").GetInt32(),
            InitSize = p.GetProperty("init_size").ValueKind == JsonValueKind.Null ? null : p.GetProperty("init_size").GetInt32(),
            ReassignmentRatio = p.GetProperty("reassignment_ratio").GetDouble(),
            ComputeLabels = p.GetProperty("compute_labels").GetBoolean(),
            RandomState = c.GetProperty("seed").GetUInt32(),
            MaxDegreeOfParallelism = threads,
        };
    }

    internal static KMeansModel<T> FitCase(JsonElement c, bool csr, int? threads) =>
        Fit(new MiniBatchKMeans<T>(Options(c, threads)), c, csr);

    internal static KMeansModel<T> Fit(MiniBatchKMeans<T> kmeans, JsonElement c, bool csr)
    {
        DenseMatrix<double> stored = MiniBatchFixture.Matrix(c.GetProperty("x_file").GetString()!);
        T[] data = MiniBatchFixture.Cast<T>(stored);
        int d = stored.Columns;
        ReadOnlyMemory<T> weights = c.GetProperty("weights_file").GetString() is string wf ? MiniBatchFixture.Cast<T>(MiniBatchFixture.Vector(wf)) : default;
        DenseMatrix<T>? init = null;
        if (c.GetProperty("init_file").GetString() is string initFile)
        {
            DenseMatrix<double> given = MiniBatchFixture.Matrix(initFile);
            init = new DenseMatrix<T>(MiniBatchFixture.Cast<T>(given), given.Rows, d);
        }
        else if (c.GetProperty("init_rows").ValueKind == JsonValueKind.Array)
        {
            int[] rows = MiniBatchFixture.Ints(c.GetProperty("init_rows"));
            init = new DenseMatrix<T>(rows.SelectMany(r => data.Skip(r * d).Take(d)).ToArray(), rows.Length, d);
        }

        if (csr)
        {
            CsrMatrix<T> x = ScikitLearnCase.ToCsr(data, d);
            return init is DenseMatrix<T> given ? kmeans.Fit(x, given, weights) : kmeans.Fit(x, weights);
        }

        var dense = new DenseMatrix<T>(data, data.Length / d, d);
        return init is DenseMatrix<T> centers ? kmeans.Fit(dense, centers, weights) : kmeans.Fit(dense, weights);
    }
}

public sealed class ScikitLearnFitParityTestsSingle : ScikitLearnFitParityTests<float>
{
    protected override string DataType => "float32";

    protected override double InertiaTolerance => 1e-5;
}

public sealed class ScikitLearnFitParityTestsDouble : ScikitLearnFitParityTests<double>
{
    protected override string DataType => "float64";

    protected override double InertiaTolerance => 1e-12;
}
