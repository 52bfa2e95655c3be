using System.Text.Json;
using Centroid.Initialization;
using Centroid.Random;

namespace Centroid.Tests.Random;

/// <summary>The port of NumPy's legacy RandomState gives NumPy's own values (Fixtures/kmeans/rng.json, NumPy 1.24).</summary>
public sealed class NumpyRandomStateTests
{
    private static readonly double[] P = [1, 4, 0, 2, 3, 1, 2, 5, 1, 1];

    public static TheoryData<string> Calls()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement call in Golden().GetProperty("calls").EnumerateArray())
        {
            string text = call.GetProperty("call").GetString()!;
            if (Supported(text))
            {
                data.Add(text);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void FreshState_GivesNumpysValues(string call)
    {
        JsonElement entry = Golden().GetProperty("calls").EnumerateArray().First(c => c.GetProperty("call").GetString() == call);
        var random = new NumpyRandomState(entry.GetProperty("seed").GetUInt32());
        string method = call[(call.IndexOf(").", StringComparison.Ordinal) + 2)..];

        Assert.Equal(Values(entry), Evaluate(random, method));
    }

    [Fact]
    public void OneStateThroughASequenceOfCalls_GivesNumpysValues()
    {
        JsonElement sequence = Golden().GetProperty("sequence");
        var random = new NumpyRandomState(sequence.GetProperty("seed").GetUInt32());
        foreach (JsonElement entry in sequence.GetProperty("calls").EnumerateArray())
        {
            Assert.Equal(Values(entry), Evaluate(random, entry.GetProperty("call").GetString()!));
        }
    }

    private static bool Supported(string call) =>
        !call.Contains("replace=True", StringComparison.Ordinal) && !(call.Contains("choice", StringComparison.Ordinal) && !call.Contains("p=p", StringComparison.Ordinal));

    private static double[] Evaluate(NumpyRandomState random, string method)
    {
        string name = method[..method.IndexOf('(')];
        string[] args = method[(method.IndexOf('(') + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        switch (name)
        {
            case "random_sample":
                return Enumerable.Range(0, int.Parse(args[0])).Select(_ => random.NextDouble()).ToArray();
            case "uniform":
                return Enumerable.Range(0, int.Parse(args[0]["size=".Length..])).Select(_ => random.NextDouble()).ToArray();
            case "randint":
                {
                    (long low, long high, int size) = args.Length == 1 ? (0L, Parse(args[0]), 1) : (Parse(args[0]), Parse(args[1]), args.Length > 2 ? int.Parse(args[2]) : 1);
                    return Enumerable.Range(0, size).Select(_ => (double)random.NextInteger(low, high)).ToArray();
                }

            case "permutation":
                {
                    int[] values = Enumerable.Range(0, int.Parse(args[0])).ToArray();
                    random.Shuffle(values);
                    return values.Select(v => (double)v).ToArray();
                }

            case "choice" when args.Length == 2:
                return [WeightedChoice.One<double>(random, int.Parse(args[0]), P)];
            case "choice":
                {
                    int[] picks = new int[int.Parse(args[1])];
                    WeightedChoice.Distinct<double>(random, int.Parse(args[0]), P, picks);
                    return picks.Select(v => (double)v).ToArray();
                }

            default:
                throw new NotSupportedException(method);
        }
    }

    private static long Parse(string text) => text == "2**31-1" ? int.MaxValue : long.Parse(text);

    private static double[] Values(JsonElement entry) =>
        entry.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static JsonElement Golden() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kmeans", "rng.json"))).RootElement;
}
