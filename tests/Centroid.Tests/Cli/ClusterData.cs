using System.Globalization;
using System.Text;
using Centroid.IO;

namespace Centroid.Tests.Cli;

/// <summary>Small, well-separated 2-D blobs for fitting through the command line, and the files holding them.</summary>
internal static class ClusterData
{
    public const int Features = 2;
    public const int Clusters = 3;
    public const int SamplesPerCluster = 20;
    public const int Samples = Clusters * SamplesPerCluster;

    private static readonly double[] BlobCenters = [0, 0, 10, 0, 0, 10];

    /// <summary>Row-major samples: each blob's center plus uniform noise in [-1, 1), from a fixed seed.</summary>
    public static double[] Values()
    {
        var random = new System.Random(7);
        var values = new double[Samples * Features];
        for (int i = 0; i < Samples; i++)
        {
            int blob = i % Clusters;
            for (int f = 0; f < Features; f++)
            {
                values[(i * Features) + f] = BlobCenters[(blob * Features) + f] + ((random.NextDouble() * 2) - 1);
            }
        }

        return values;
    }

    public static DenseMatrix<double> Matrix() => new(Values(), Samples, Features);

    /// <summary>Initial centers near, but not at, the blobs' centers.</summary>
    public static double[] InitialCenters() => [1, 1, 9, 1, 1, 9];

    public static string WriteNpy(string path)
    {
        NpyWriter.Write<double>(path, Values(), Samples, Features);
        return path;
    }

    public static string WriteFloat32Npy(string path)
    {
        float[] values = [.. Values().Select(v => (float)v)];
        NpyWriter.Write<float>(path, values, Samples, Features);
        return path;
    }

    public static string WriteCsv(string path)
    {
        double[] values = Values();
        var text = new StringBuilder("x,y\n");
        for (int i = 0; i < Samples; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{values[i * Features]:R},{values[(i * Features) + 1]:R}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The samples as a SciPy CSR <c>.npz</c>, zeros left out.</summary>
    public static string WriteNpz(string path, string scratch)
    {
        double[] values = Values();
        var data = new List<double>();
        var indices = new List<int>();
        var indptr = new List<int> { 0 };
        for (int i = 0; i < Samples; i++)
        {
            for (int f = 0; f < Features; f++)
            {
                double v = values[(i * Features) + f];
                if (v != 0)
                {
                    data.Add(v);
                    indices.Add(f);
                }
            }

            indptr.Add(data.Count);
        }

        SciPyCsrFile.Write(path, scratch, [.. data], [.. indices], [.. indptr], Features);
        return path;
    }
}
