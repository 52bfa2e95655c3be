using System.Numerics;

namespace Centroid.Tests.Clustering;

/// <summary>Seeded synthetic data for property tests.</summary>
internal static class TestData
{
    /// <summary>n points around <paramref name="centers"/> random centers in [−10, 10]^d, Gaussian spread 1.</summary>
    public static T[] Blobs<T>(int n, int d, int centers, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        double[] means = Enumerable.Range(0, centers * d).Select(_ => (random.NextDouble() * 20) - 10).ToArray();
        var data = new T[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(centers);
            for (int f = 0; f < d; f++)
            {
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                data[(i * d) + f] = T.CreateTruncating(means[(c * d) + f] + normal);
            }
        }

        return data;
    }

    /// <summary>n × d values uniform in [0, 1).</summary>
    public static T[] Uniform<T>(int n, int d, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, n * d).Select(_ => T.CreateTruncating(random.NextDouble())).ToArray();
    }

    /// <summary>A sparse n × d matrix with about <paramref name="density"/> of its entries non-zero (uniform (0, 1]).</summary>
    public static CsrMatrix<T> Sparse<T>(int n, int d, double density, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        var values = new List<T>();
        var indices = new List<int>();
        int[] indptr = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            for (int f = 0; f < d; f++)
            {
                if (random.NextDouble() < density)
                {
                    values.Add(T.CreateTruncating(1.0 - random.NextDouble()));
                    indices.Add(f);
                }
            }

            indptr[i + 1] = values.Count;
        }

        return new CsrMatrix<T>([.. values], [.. indices], indptr, d);
    }

    /// <summary>
    /// The first <paramref name="n"/> rows of dense row-major <paramref name="values"/> (d wide) as CSR with every entry
    /// stored, as uniform data saved as CSR; the values are shared, not copied.
    /// </summary>
    public static CsrMatrix<T> AllEntries<T>(T[] values, int n, int d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] indices = new int[n * d];
        int[] indptr = new int[n + 1];
        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = i % d;
        }

        for (int i = 0; i <= n; i++)
        {
            indptr[i] = i * d;
        }

        return new CsrMatrix<T>((ReadOnlyMemory<T>)values.AsMemory(0, n * d), indices, indptr, d);
    }
}
