using System.Diagnostics;
using Centroid.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Centroid.Benchmarks;

/// <summary>
/// ML.NET's KMeans (the .NET peer) on a float32 .npy: `mlnet FILE.npy K MAX_ITERATIONS [THREADS]`. Prints the fit
/// seconds (training only, after the data is in an IDataView) and ML.NET's average squared distance × n.
/// </summary>
internal static class MlNetKMeansRun
{
    public static int Run(string[] args)
    {
        DenseMatrix<float> x = NpyReader.ReadMatrix<float>(args[0]);
        int k = int.Parse(args[1]);
        int maxIterations = int.Parse(args[2]);
        int threads = args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount;
        var context = new MLContext(seed: 0);
        var rows = new List<Row>(x.Rows);
        for (int i = 0; i < x.Rows; i++)
        {
            rows.Add(new Row { Features = x.Row(i).ToArray() });
        }

        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, x.Columns);
        IDataView data = context.Data.LoadFromEnumerable(rows, schema);
        var options = new KMeansTrainer.Options
        {
            NumberOfClusters = k,
            MaximumNumberOfIterations = maxIterations,
            NumberOfThreads = threads,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
        };
        var watch = Stopwatch.StartNew();
        var model = context.Clustering.Trainers.KMeans(options).Fit(data);
        double seconds = watch.Elapsed.TotalSeconds;
        var metrics = context.Clustering.Evaluate(model.Transform(data));
        Console.WriteLine($"mlnet_fit_seconds {seconds:F4}");
        Console.WriteLine($"mlnet_inertia {metrics.AverageDistance * x.Rows:F4}");
        return 0;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
