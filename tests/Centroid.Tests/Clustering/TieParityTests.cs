using System.Numerics;
using System.Text.Json;
using Centroid.IO;

namespace Centroid.Tests.Clustering;

/// <summary>
/// Image pixels (exact duplicates, many rows equally far from two centers): every algorithm returns scikit-learn 1.2.1's
/// labels and iteration count from the same initial centers. Such data follow scikit-learn only if each center norm is
/// rounded as its <c>row_norms</c> rounds it (<c>Fixtures/ties/make_tie_fixtures.py</c>).
/// </summary>
public class TieParityTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ties");

    public static TheoryData<KMeansAlgorithm> Algorithms => new(Enum.GetValues<KMeansAlgorithm>());

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Pixels_Double_FollowScikitLearnThroughTies(KMeansAlgorithm algorithm) => AssertParity<double>("f64", algorithm, 1e-12);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Pixels_Float_FollowScikitLearnThroughTies(KMeansAlgorithm algorithm) => AssertParity<float>("f32", algorithm, 1e-5);

    private static void AssertParity<T>(string name, KMeansAlgorithm algorithm, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseMatrix<T> x = NpyReader.ReadMatrix<T>(Path.Combine(Directory, $"pixels_{name}.npy"));
        DenseMatrix<T> init = NpyReader.ReadMatrix<T>(Path.Combine(Directory, $"pixels_init_{name}.npy"));
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, $"pixels_result_{name}.json")));
        var kmeans = new KMeans<T>(new KMeansOptions { Clusters = init.Rows, Tolerance = 0, Algorithm = algorithm });

        KMeansModel<T> model = kmeans.Fit(x, init);

        int[] labels = expected.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(labels, model.Labels.ToArray());
        Assert.Equal(expected.RootElement.GetProperty("n_iter").GetInt32(), model.Iterations);
        double inertia = expected.RootElement.GetProperty("inertia").GetDouble();
        Assert.True(Math.Abs(model.Inertia - inertia) <= tolerance * inertia, $"inertia {model.Inertia} vs scikit-learn's {inertia}");
    }
}
