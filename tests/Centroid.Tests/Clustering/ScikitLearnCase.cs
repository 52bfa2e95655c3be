using System.Numerics;
using System.Text.Json;
using Centroid.IO;

namespace Centroid.Tests.Clustering;

/// <summary>
/// One case of <c>Fixtures/kmeans</c> (made by <c>make_fixtures.py</c> with scikit-learn 1.2.1): the data, the given
/// initial centers, optional weights and test rows, all float64 as stored, and scikit-learn's results per run.
/// </summary>
internal sealed class ScikitLearnCase
{
    private ScikitLearnCase(string name)
    {
        Name = name;
        string folder = Path.Combine(Directory, name);
        Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json"))).RootElement;
        string xFile = Path.Combine(folder, Expected.GetProperty("x_file").GetString()!);
        if (xFile.EndsWith(".npz", StringComparison.Ordinal))
        {
            CsrMatrix<double> csr = NpzReader.ReadCsr<double>(xFile);
            Columns = csr.Columns;
            Dense = Densify(csr);
        }
        else
        {
            DenseMatrix<double> x = NpyReader.ReadMatrix<double>(xFile);
            Columns = x.Columns;
            Dense = x.Memory.ToArray();
        }

        Init = NpyReader.ReadMatrix<double>(Path.Combine(folder, "init.npy")).Memory.ToArray();
        string weights = Path.Combine(folder, "weights.npy");
        Weights = File.Exists(weights) ? NpyReader.ReadVector<double>(weights) : null;
        Test = NpyReader.ReadMatrix<double>(Path.Combine(folder, "test.npy")).Memory.ToArray();
        Clusters = Expected.GetProperty("k").GetInt32();
        MaxIterations = Expected.GetProperty("max_iter").GetInt32();
        Tolerance = Expected.GetProperty("tol").GetDouble();
    }

    /// <summary>Where the fixtures are copied next to the test assembly.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "kmeans");

    /// <summary>The cases that hold the same for scikit-learn 1.2.1 and ≥ 1.4 (all but <c>duplicates</c>).</summary>
    public static readonly string[] Names =
    [
        "blobs", "uniform", "uniform_tol0", "maxiter", "empty_cluster", "weighted", "sparse",
        "iris", "wine", "digits", "breast_cancer", "offset",
    ];

    /// <summary>
    /// The cases whose float32 and float64 runs in <paramref name="format"/> scikit-learn decides by its rules, not
    /// by exact ties that only bit-identical arithmetic reproduces (the fixture lists those; today only
    /// <c>offset</c> float32/csr, uncentered float32 norms near 3e8).
    /// </summary>
    public static TheoryData<string> RunsDecidedByRules(string format)
    {
        var data = new TheoryData<string>();
        foreach (string name in Names)
        {
            ScikitLearnCase c = Load(name);
            if (!c.IsRoundingDecided($"float32/{format}") && !c.IsRoundingDecided($"float64/{format}"))
            {
                data.Add(name);
            }
        }

        return data;
    }

    public string Name { get; }

    public JsonElement Expected { get; }

    public int Columns { get; }

    public int Rows => Dense.Length / Columns;

    public int Clusters { get; }

    public int MaxIterations { get; }

    public double Tolerance { get; }

    public double[] Dense { get; }

    public double[] Init { get; }

    public double[]? Weights { get; }

    public double[] Test { get; }

    public static ScikitLearnCase Load(string name) => new(name);

    /// <summary>scikit-learn's results for a run such as "float32/csr".</summary>
    public JsonElement Run(string run) => Expected.GetProperty("runs").GetProperty(run);

    /// <summary>Whether the fixture marks this run as decided by rounding (exact ties) rather than by the rules.</summary>
    public bool IsRoundingDecided(string run)
    {
        if (!Expected.TryGetProperty("rounding_decided_runs", out JsonElement runs))
        {
            return false;
        }

        string text = runs.ValueKind == JsonValueKind.String ? runs.GetString()! : runs.GetRawText();
        return text.Contains(run, StringComparison.Ordinal);
    }

    public static T[] Cast<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(T.CreateTruncating).ToArray();

    /// <summary>A CSR matrix of the non-zeros of a dense row-major array, as <c>scipy.sparse.csr_matrix(dense)</c> builds it.</summary>
    public static CsrMatrix<T> ToCsr<T>(T[] dense, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = dense.Length / columns;
        var values = new List<T>();
        var indices = new List<int>();
        int[] indptr = new int[rows + 1];
        for (int i = 0; i < rows; i++)
        {
            for (int f = 0; f < columns; f++)
            {
                T v = dense[(i * columns) + f];
                if (v != T.Zero)
                {
                    values.Add(v);
                    indices.Add(f);
                }
            }

            indptr[i + 1] = values.Count;
        }

        return new CsrMatrix<T>([.. values], [.. indices], indptr, columns);
    }

    /// <summary>The dense row-major form of a CSR matrix.</summary>
    public static double[] Densify(CsrMatrix<double> csr)
    {
        double[] dense = new double[csr.Rows * csr.Columns];
        for (int i = 0; i < csr.Rows; i++)
        {
            SparseRow<double> row = csr.Row(i);
            for (int e = 0; e < row.Values.Length; e++)
            {
                dense[(i * csr.Columns) + row.Indices[e]] += row.Values[e];
            }
        }

        return dense;
    }
}
