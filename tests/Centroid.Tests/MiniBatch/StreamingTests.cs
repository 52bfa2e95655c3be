using Centroid.IO;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// <c>PartialFit</c> as the way to cluster data larger than memory: a <c>.npy</c> file read chunk by chunk into one
/// reused buffer (<see cref="NpyReader.ReadRowChunks{T}(string, int)"/>) gives exactly the fit of the same chunks held
/// in memory, and a good clustering of the whole file.
/// </summary>
public sealed class StreamingTests : IDisposable
{
    private const int Rows = 6000;
    private const int Columns = 6;
    private const int Chunk = 1000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"centroid-minibatch-{Guid.NewGuid():N}.npy");
    private readonly float[] _data = Clustering.TestData.Blobs<float>(Rows, Columns, 5, seed: 21);

    public StreamingTests() => NpyWriter.Write<float>(_path, _data, Rows, Columns);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void PartialFit_OverNpyChunks_EqualsPartialFitOverTheSameChunksInMemory()
    {
        var streamed = Estimator();
        foreach (int pass in Enumerable.Range(0, 3))
        {
            foreach (DenseMatrix<float> chunk in NpyReader.ReadRowChunks<float>(_path, Chunk))
            {
                streamed.PartialFit(chunk);
            }
        }

        var inMemory = Estimator();
        foreach (int pass in Enumerable.Range(0, 3))
        {
            for (int start = 0; start < Rows; start += Chunk)
            {
                inMemory.PartialFit(new DenseMatrix<float>(_data.AsMemory(start * Columns, Chunk * Columns), Chunk, Columns));
            }
        }

        Assert.Equal(inMemory.Model.Centers.Memory.ToArray(), streamed.Model.Centers.Memory.ToArray());
        Assert.Equal(18, streamed.Model.Steps);
    }

    [Fact]
    public void PartialFit_OverNpyChunks_ClustersTheWholeFileAboutAsWellAsKMeans()
    {
        var streamed = Estimator();
        foreach (int pass in Enumerable.Range(0, 3))
        {
            foreach (DenseMatrix<float> chunk in NpyReader.ReadRowChunks<float>(_path, Chunk))
            {
                streamed.PartialFit(chunk);
            }
        }

        var all = new DenseMatrix<float>(_data, Rows, Columns);
        double kmeans = -new KMeans<float>(new KMeansOptions { Clusters = 5, RandomState = 0 }).Fit(all).Score(all);
        double minibatch = -streamed.Model.Score(all);
        Assert.InRange(minibatch / kmeans, 0.999, 1.05);
    }

    private static MiniBatchKMeans<float> Estimator() => new(new MiniBatchKMeansOptions { Clusters = 5, RandomState = 3 });
}
