using System.Numerics;
using System.Text.Json;
using Centroid.Initialization;
using Centroid.IO;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Random;
using Centroid.Solvers;

namespace Centroid.Tests.Clustering;

/// <summary>
/// k-means++ fits over 20 seeds (Fixtures/kmeans/kmeanspp_quality.json). Per seed, a fit equals scikit-learn ≥ 1.4's
/// (its seeding rule re-expressed in NumPy, then scikit-learn's own Lloyd). Over the seeds, the mean inertia reaches
/// scikit-learn 1.2.1's, whose seeds pick other rows (its first draw differs), so the comparison of means carries
/// slack for the luck of the draw.
/// </summary>
public abstract class KMeansPlusPlusQualityTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected abstract string DataType { get; }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void EverySeed_PicksScikitLearnMainsRows(int dataset)
    {
        (DenseMatrix<T> x, int k, JsonElement d) = Load(dataset);
        var rows = new DenseRows<T>(x, ColumnStatistics.MeansChecked(x));
        var init = new KMeansPlusPlus<T, DenseRows<T>>(rows, default, new PartitionRunner(2, default));
        foreach (JsonElement run in d.GetProperty("runs").GetProperty(DataType).EnumerateArray())
        {
            int[] chosen = init.Run(new CenterSet<T>(k, x.Columns), new NumpyRandomState(run.GetProperty("seed").GetUInt32()), default);

            Assert.Equal(run.GetProperty("main_rule_init_indices").EnumerateArray().Select(e => e.GetInt32()), chosen);
        }
    }

    /// <summary>
    /// The whole fit per seed, on the blobs (continuous values). Digits is left out: its integer pixels make exact
    /// distance ties in Lloyd that scikit-learn's GEMM breaks by rounding (4 of its 20 seeds).
    /// </summary>
    [Fact]
    public void EverySeed_GivesScikitLearnMainsFit()
    {
        (DenseMatrix<T> x, int k, JsonElement d) = Load(0);
        foreach (JsonElement run in d.GetProperty("runs").GetProperty(DataType).EnumerateArray())
        {
            KMeansModel<T> model = new KMeans<T>(new KMeansOptions { Clusters = k, RandomState = run.GetProperty("seed").GetUInt32() }).Fit(x);

            double expected = run.GetProperty("main_rule_inertia").GetDouble();
            Assert.True(Math.Abs(model.Inertia - expected) <= expected * 1e-5, $"seed {run.GetProperty("seed")}: {model.Inertia} vs {expected}");
            Assert.Equal(run.GetProperty("main_rule_n_iter").GetInt32(), model.Iterations);
        }
    }

    /// <summary>
    /// On digits the 20 inertias spread over 4%, so the mean is a fair comparison (1% slack). On the blobs most
    /// seeds find the same optimum and the others miss by 30%, so the mean is a count of lucky seeds (18 of 20 for
    /// 1.2.1's draws, 13 of 20 for ≥ 1.4's): there the bar is the best fit and a majority of seeds reaching it.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void InertiaOverSeeds_ReachesScikitLearn121s(int dataset)
    {
        (DenseMatrix<T> x, int k, JsonElement d) = Load(dataset);
        JsonElement stats = d.GetProperty("inertia_stats").GetProperty(DataType);
        double[] inertias = Enumerable.Range(0, 20)
            .Select(seed => new KMeans<T>(new KMeansOptions { Clusters = k, RandomState = (uint)seed }).Fit(x).Inertia)
            .ToArray();

        if (d.GetProperty("name").GetString() == "digits")
        {
            double mean = inertias.Average();
            double expected = stats.GetProperty("mean").GetDouble();
            Assert.True(mean <= expected * 1.01, $"mean inertia {mean} vs scikit-learn {expected} ({(mean / expected) - 1:P2})");
        }
        else
        {
            double best = stats.GetProperty("min").GetDouble();
            Assert.True(inertias.Min() <= best * (1 + 1e-5), $"best {inertias.Min()} vs scikit-learn {best}");
            Assert.True(inertias.Count(i => i <= best * (1 + 1e-5)) > 10, "most seeds should reach the best fit");
        }
    }

    private static (DenseMatrix<T> X, int K, JsonElement Dataset) Load(int dataset)
    {
        JsonElement d = JsonDocument.Parse(File.ReadAllText(Path.Combine(ScikitLearnCase.Directory, "kmeanspp_quality.json")))
            .RootElement.GetProperty("datasets")[dataset];
        string file = Path.Combine(ScikitLearnCase.Directory, d.GetProperty("file").GetString()!);
        double[] values = file.EndsWith(".npz", StringComparison.Ordinal) ? ScikitLearnCase.Densify(NpzReader.ReadCsr<double>(file)) : NpyReader.ReadMatrix<double>(file).Memory.ToArray();
        int columns = d.GetProperty("n_features").GetInt32();
        var x = new DenseMatrix<T>(values.Select(T.CreateTruncating).ToArray(), values.Length / columns, columns);
        return (x, d.GetProperty("k").GetInt32(), d);
    }
}

/// <summary>k-means++ quality in float32.</summary>
public sealed class KMeansPlusPlusQualityTestsSingle : KMeansPlusPlusQualityTests<float>
{
    protected override string DataType => "float32";
}

/// <summary>k-means++ quality in float64.</summary>
public sealed class KMeansPlusPlusQualityTestsDouble : KMeansPlusPlusQualityTests<double>
{
    protected override string DataType => "float64";
}
