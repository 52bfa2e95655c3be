using System.Text.Json;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// scikit-learn main's published <c>MiniBatchKMeans</c> docstring results (reference Appendix B), which exercise what
/// differs from 1.2.1: weighted k-means++ seeding and, for <c>fit</c>, batches drawn by weighted choice with unit
/// weights. 1.2.1's values differ (its k-means++ draws the first center with <c>randint</c>), so they cannot be used.
/// </summary>
public sealed class DocstringGoldenTests
{
    private static readonly double[] X =
    [
        1, 2, 1, 4, 1, 0, 4, 2, 4, 0, 4, 4,
        4, 5, 0, 1, 2, 2, 3, 2, 5, 5, 1, -1,
    ];

    [Fact]
    public void PartialFit_TwoHalves_GivesMainsDocumentedCenters()
    {
        var kmeans = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = 2, RandomState = 0, BatchSize = 6 });

        kmeans.PartialFit(new DenseMatrix<double>(X[..12], 6, 2));
        kmeans.PartialFit(new DenseMatrix<double>(X[12..], 6, 2));

        Assert.Equal([3.375, 3, 0.75, 0.5], kmeans.Model.Centers.Memory.ToArray());
        Assert.Equal([1, 0], kmeans.Model.Predict(new DenseMatrix<double>(new double[] { 0, 0, 4, 4 }, 2, 2)));
    }

    [Fact]
    public void Fit_TenPasses_GivesMainsDocumentedCenters()
    {
        JsonElement fit = MiniBatchFixture.Json("docstring.json").GetProperty("fit");
        var kmeans = new MiniBatchKMeans<double>(new MiniBatchKMeansOptions { Clusters = 2, RandomState = 0, BatchSize = 6, MaxIterations = 10 });

        KMeansModel<double> model = kmeans.Fit(new DenseMatrix<double>(X, 12, 2));

        // The docstring prints 8 decimals; the re-expression that reproduces them gives every bit.
        double[] documented = MiniBatchFixture.Flatten(fit.GetProperty("main_documented"));
        double[] centers = model.Centers.Memory.ToArray();
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(documented[i], centers[i], 8));
        Assert.Equal(MiniBatchFixture.Flatten(fit.GetProperty("main_reexpression")), centers);
        Assert.Equal(fit.GetProperty("main_reexpression_n_steps").GetInt64(), model.Steps);
        Assert.Equal(fit.GetProperty("main_reexpression_n_iter").GetInt32(), model.Iterations);
        Assert.Equal(MiniBatchFixture.Ints(fit.GetProperty("main_reexpression_labels")), model.Labels.ToArray());
        Assert.Equal([1, 0], model.Predict(new DenseMatrix<double>(new double[] { 0, 0, 4, 4 }, 2, 2)));
    }
}
