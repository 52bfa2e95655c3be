using System.Numerics;
using System.Text.Json;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// A sequence of partial fits reproduces scikit-learn's <c>partial_fit</c> sequence call by call (<c>partial_fit.json</c>,
/// real scikit-learn 1.2.1 with an init array — where 1.2.1 and main run the same code and draws: the batch keeps its
/// weights in both, and only k-means++/random seeding changed): centers and per-center weights bit for bit, the batch
/// labels, and the batch inertia (summed in T in batch order, as scikit-learn; CSR to rounding, see the fit tests).
/// </summary>
public abstract class PartialFitParityTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected abstract string DataType { get; }

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (JsonElement c in MiniBatchFixture.Json("partial_fit.json").GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!, false);
            data.Add(c.GetProperty("name").GetString()!, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PartialFitSequence_MatchesScikitLearn(string name, bool csr)
    {
        JsonElement c = MiniBatchFixture.Json("partial_fit.json").GetProperty("cases").EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        JsonElement calls = c.GetProperty("runs").GetProperty($"{DataType}/{(csr ? "csr" : "dense")}");
        (T[] data, int d, T[]? weights, DenseMatrix<T> init) = Load(name);
        var kmeans = new MiniBatchKMeans<T>(new MiniBatchKMeansOptions
        {
            Clusters = c.GetProperty("k").GetInt32(),
            BatchSize = c.GetProperty("batch_size").GetInt32(),
            InitSize = c.GetProperty("init_size").ValueKind == JsonValueKind.Null ? null : c.GetProperty("init_size").GetInt32(),
            RandomState = c.GetProperty("seed").GetUInt32(),
        });

        int call = 0;
        foreach (JsonElement chunk in c.GetProperty("chunks").EnumerateArray())
        {
            int start = chunk[0].GetInt32();
            int end = chunk[1].GetInt32();
            T[] rows = data[(start * d)..(end * d)];
            ReadOnlyMemory<T> w = weights is null ? default : weights[start..end];
            if (csr)
            {
                kmeans.PartialFit(ScikitLearnCase.ToCsr(rows, d), init, w);
            }
            else
            {
                kmeans.PartialFit(new DenseMatrix<T>(rows, end - start, d), init, w);
            }

            JsonElement expected = calls[call++];
            KMeansModel<T> model = kmeans.Model;
            Assert.Equal(MiniBatchFixture.Flatten(expected.GetProperty("centers")), MiniBatchFixture.Centers(model));
            Assert.Equal(MiniBatchFixture.Doubles(expected.GetProperty("counts")), kmeans.Counts.ToArray().Select(double.CreateTruncating));
            Assert.Equal(MiniBatchFixture.Ints(expected.GetProperty("labels")), model.Labels.ToArray());
            Assert.Equal(expected.GetProperty("n_steps").GetInt64(), model.Steps);
            double inertia = expected.GetProperty("inertia").GetDouble();
            if (csr)
            {
                Assert.True(Math.Abs(model.Inertia - inertia) <= 1e-5 * inertia, $"inertia {model.Inertia:R} vs {inertia:R}");
            }
            else
            {
                Assert.Equal(inertia, model.Inertia);
            }
        }
    }

    private static (T[] Data, int Columns, T[]? Weights, DenseMatrix<T> Init) Load(string name)
    {
        if (name == "sparse")
        {
            DenseMatrix<double> s = MiniBatchFixture.Matrix("sparse_X.npy");
            T[] sparse = MiniBatchFixture.Cast<T>(s);
            int[] rows = [5, 6, 7, 8, 9];
            return (sparse, s.Columns, null, new DenseMatrix<T>(rows.SelectMany(r => sparse.Skip(r * s.Columns).Take(s.Columns)).ToArray(), 5, s.Columns));
        }

        DenseMatrix<double> x = MiniBatchFixture.Matrix("blobs_X.npy");
        DenseMatrix<double> init = MiniBatchFixture.Matrix("blobs_init.npy");
        T[]? weights = name == "blobs" ? MiniBatchFixture.Cast<T>(MiniBatchFixture.Vector("blobs_weights.npy")) : null;
        return (MiniBatchFixture.Cast<T>(x), x.Columns, weights, new DenseMatrix<T>(MiniBatchFixture.Cast<T>(init), init.Rows, init.Columns));
    }
}

public sealed class PartialFitParityTestsSingle : PartialFitParityTests<float>
{
    protected override string DataType => "float32";
}

public sealed class PartialFitParityTestsDouble : PartialFitParityTests<double>
{
    protected override string DataType => "float64";
}
