using System.Text.Json;
using Centroid.Solvers;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// scikit-learn's early stopping: the first step is ignored; the EWA starts at the second step's per-sample batch
/// inertia and moves by α = min(2b / (n + 1), 1); a fit stops after <c>max_no_improvement</c> steps without a new EWA
/// minimum, or as soon as a step's squared center change is within the scaled tolerance.
/// </summary>
public sealed class EarlyStoppingTests
{
    [Fact]
    public void FirstStep_IsIgnored()
    {
        var convergence = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 0, maxNoImprovement: 0);

        Assert.Equal(MiniBatchStop.None, convergence.Update(0, 0, 500));
        Assert.Null(convergence.Average);
    }

    [Fact]
    public void Ewa_StartsAtTheSecondBatch_ThenMovesByAlpha()
    {
        // α = 2 × 10 / (99 + 1) = 0.2; inertias are per sample (batch inertia / 10).
        var convergence = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 0, maxNoImprovement: null);
        convergence.Update(0, 0, 500);

        convergence.Update(1, 0, 100);
        Assert.Equal(10.0, convergence.Average);
        convergence.Update(2, 0, 200);
        Assert.Equal((10.0 * (1 - 0.2)) + (20.0 * 0.2), convergence.Average);
    }

    [Fact]
    public void Alpha_IsCappedAtOne_WhenTheBatchCoversTheData()
    {
        var convergence = new MiniBatchConvergence(batchSize: 100, samples: 100, tolerance: 0, maxNoImprovement: null);
        convergence.Update(0, 0, 1);
        convergence.Update(1, 0, 1000);

        convergence.Update(2, 0, 300);

        Assert.Equal(3.0, convergence.Average);
    }

    [Fact]
    public void NoNewMinimum_ForMaxNoImprovementSteps_Stops()
    {
        var convergence = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 0, maxNoImprovement: 2);
        convergence.Update(0, 0, 500);
        Assert.Equal(MiniBatchStop.None, convergence.Update(1, 0, 100));
        Assert.Equal(MiniBatchStop.None, convergence.Update(2, 0, 200));
        Assert.Equal(1, convergence.StepsWithoutImprovement);

        Assert.Equal(MiniBatchStop.NoImprovement, convergence.Update(3, 0, 200));
    }

    [Fact]
    public void NewMinimum_ResetsTheCount()
    {
        var convergence = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 0, maxNoImprovement: 2);
        convergence.Update(0, 0, 500);
        convergence.Update(1, 0, 100);
        convergence.Update(2, 0, 200);

        Assert.Equal(MiniBatchStop.None, convergence.Update(3, 0, 0));
        Assert.Equal(0, convergence.StepsWithoutImprovement);
    }

    [Fact]
    public void ZeroMaxNoImprovement_StopsAtTheSecondStep()
    {
        var convergence = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 0, maxNoImprovement: 0);
        convergence.Update(0, 0, 500);

        Assert.Equal(MiniBatchStop.NoImprovement, convergence.Update(1, 0, 100));
    }

    [Fact]
    public void NullMaxNoImprovement_NeverStopsOnTheEwa()
    {
        var convergence = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 0, maxNoImprovement: null);
        for (int step = 0; step < 100; step++)
        {
            Assert.Equal(MiniBatchStop.None, convergence.Update(step, 0, 100 + step));
        }
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(1.0, true)]
    [InlineData(1.5, false)]
    public void CenterChangeWithinTolerance_Stops_EvenWhileTheEwaImproves(double change, bool stops)
    {
        var convergence = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 1.0, maxNoImprovement: null);
        convergence.Update(0, 0, 500);

        Assert.Equal(stops ? MiniBatchStop.SmallCenterChange : MiniBatchStop.None, convergence.Update(1, change, 100));
    }

    [Fact]
    public void CenterChange_IsNotTestedAtTheFirstStep_OrWithZeroTolerance()
    {
        var tolerant = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 1.0, maxNoImprovement: null);
        var zero = new MiniBatchConvergence(batchSize: 10, samples: 99, tolerance: 0, maxNoImprovement: null);

        Assert.Equal(MiniBatchStop.None, tolerant.Update(0, 0, 100));
        zero.Update(0, 0, 100);
        Assert.Equal(MiniBatchStop.None, zero.Update(1, 0, 100));
    }

    [Theory]
    [InlineData("blobs_init", "Converged (lack of improvement in inertia) at step 46/1500")]
    [InlineData("blobs_init_tol", "Converged (small centers change) at step 15/1500")]
    public void Fit_StopsWhereScikitLearnStops_AndSaysWhy(string name, string line)
    {
        JsonElement c = MiniBatchFixture.FitCase(name);
        Assert.Contains(c.GetProperty("runs").GetProperty("float64/dense").GetProperty("stop").GetString(), new[] { "no_improvement", "tol" });
        var log = new StringWriter();
        var kmeans = new MiniBatchKMeans<double>(ScikitLearnFitParityTests<double>.Options(c) with { Verbose = true, Log = log });

        KMeansModel<double> model = ScikitLearnFitParityTests<double>.Fit(kmeans, c, csr: false);

        Assert.Contains(line, log.ToString(), StringComparison.Ordinal);
        Assert.Equal(c.GetProperty("runs").GetProperty("float64/dense").GetProperty("n_steps").GetInt64(), model.Steps);
        Assert.True(model.Steps < 1500, "stopped early");
    }
}
