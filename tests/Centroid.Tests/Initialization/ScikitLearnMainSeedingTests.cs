using System.Text.Json;
using Centroid.Initialization;
using Centroid.IO;
using Centroid.Kernels;
using Centroid.Parallel;
using Centroid.Random;
using Centroid.Solvers;

namespace Centroid.Tests.Initialization;

/// <summary>
/// With the same seed, k-means++ and random seeding pick the rows scikit-learn ≥ 1.4 picks (weights honoured), on
/// the centered data as a fit sees it. The expected rows come from a NumPy re-expression of scikit-learn main's rule
/// that reproduces scikit-learn 1.2.1's own picks under 1.2.1's rule (Fixtures/kmeans/kmeanspp_main.json).
/// </summary>
public sealed class ScikitLearnMainSeedingTests
{
    public static TheoryData<int, int> Runs()
    {
        var data = new TheoryData<int, int>();
        JsonElement datasets = Golden().GetProperty("datasets");
        for (int d = 0; d < datasets.GetArrayLength(); d++)
        {
            for (int r = 0; r < datasets[d].GetProperty("runs").GetArrayLength(); r++)
            {
                data.Add(d, r);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void KMeansPlusPlus_PicksScikitLearnMainsRows(int dataset, int run)
    {
        (DenseRows<double> rows, double[]? weights, JsonElement expected) = Load(dataset, run);
        int k = expected.GetProperty("k").GetInt32();
        var init = new KMeansPlusPlus<double, DenseRows<double>>(rows, weights, new PartitionRunner(2, default));

        int[] chosen = init.Run(new CenterSet<double>(k, rows.Columns), new NumpyRandomState(expected.GetProperty("seed").GetUInt32()), default);

        Assert.Equal(Ints(expected.GetProperty("kmeanspp_main_indices")), chosen);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void RandomInit_PicksScikitLearnMainsRows(int dataset, int run)
    {
        (DenseRows<double> rows, double[]? weights, JsonElement expected) = Load(dataset, run);
        int k = expected.GetProperty("k").GetInt32();

        int[] chosen = RandomInit.Run(rows, weights, new CenterSet<double>(k, rows.Columns), new NumpyRandomState(expected.GetProperty("seed").GetUInt32()));

        Assert.Equal(Ints(expected.GetProperty("random_main_indices")), chosen);
    }

    private static (DenseRows<double> Rows, double[]? Weights, JsonElement Run) Load(int dataset, int run)
    {
        JsonElement d = Golden().GetProperty("datasets")[dataset];
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kmeans");
        DenseMatrix<double> x = NpyReader.ReadMatrix<double>(Path.Combine(folder, d.GetProperty("x_file").GetString()!));
        double[]? weights = d.GetProperty("weights_file").ValueKind == JsonValueKind.String
            ? NpyReader.ReadVector<double>(Path.Combine(folder, d.GetProperty("weights_file").GetString()!))
            : null;
        return (new DenseRows<double>(x, ColumnStatistics.MeansChecked(x)), weights, d.GetProperty("runs")[run]);
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static JsonElement Golden() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kmeans", "kmeanspp_main.json"))).RootElement;
}
