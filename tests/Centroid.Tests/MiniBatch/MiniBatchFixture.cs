using System.Numerics;
using System.Text.Json;
using Centroid.IO;
using Centroid.Tests.Clustering;

namespace Centroid.Tests.MiniBatch;

/// <summary>
/// The files of <c>Fixtures/minibatch</c>, made by <c>make_minibatch_fixtures.py</c>: <c>fit_main.json</c> (a NumPy
/// re-expression of scikit-learn main's fit, self-checked against 1.2.1), <c>partial_fit.json</c> (real scikit-learn
/// 1.2.1 partial fits with an init array, identical in main), <c>docstring.json</c>, <c>init_size.json</c>, <c>rng.json</c>.
/// </summary>
internal static class MiniBatchFixture
{
    /// <summary>Where the fixtures are copied next to the test assembly.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "minibatch");

    /// <summary>A JSON file of the folder.</summary>
    public static JsonElement Json(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, file))).RootElement;

    /// <summary>A float64 matrix of the folder, as stored.</summary>
    public static DenseMatrix<double> Matrix(string file) => NpyReader.ReadMatrix<double>(Path.Combine(Directory, file));

    /// <summary>A float64 vector of the folder.</summary>
    public static double[] Vector(string file) => NpyReader.ReadVector<double>(Path.Combine(Directory, file));

    /// <summary>The fit case called <paramref name="name"/> in <c>fit_main.json</c>.</summary>
    public static JsonElement FitCase(string name) =>
        Json("fit_main.json").GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    /// <summary>The names of the fit cases.</summary>
    public static TheoryData<string, bool> FitCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (JsonElement c in Json("fit_main.json").GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!, false);
            data.Add(c.GetProperty("name").GetString()!, true);
        }

        return data;
    }

    /// <summary>Rows of a stored float64 matrix rounded to T (as the fixtures make float32 data).</summary>
    public static T[] Cast<T>(DenseMatrix<double> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        ScikitLearnCase.Cast<T>(x.Memory.ToArray());

    public static T[] Cast<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> => ScikitLearnCase.Cast<T>(values);

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static double[] Flatten(JsonElement array) =>
        array.EnumerateArray().SelectMany(row => row.EnumerateArray().Select(e => e.GetDouble())).ToArray();

    /// <summary>The stored values of a model's centers, widened to double.</summary>
    public static double[] Centers<T>(KMeansModel<T> model) where T : unmanaged, IFloatingPointIeee754<T> =>
        model.Centers.Memory.ToArray().Select(double.CreateTruncating).ToArray();
}
