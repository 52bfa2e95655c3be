using Centroid.Cli.Profiling;
using Centroid.Tests.Cli;

namespace Centroid.Tests.Profiling;

/// <summary>One small <c>centroid profile</c> run, in-process, whose children are real <c>centroid fit</c> processes.</summary>
public sealed class ProfileRunFixture : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public ProfileRunFixture()
    {
        CliRun run = CliRun.Invoke("profile", "--n", "400", "--d", "3", "-k", "3", "--seed", "1", "--out", _scratch.Path);
        (ExitCode, Output, Error) = (run.ExitCode, run.Output, run.Error);
    }

    /// <summary>The profile's output directory.</summary>
    public string Directory => _scratch.Path;

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public void Dispose() => _scratch.Dispose();
}

public sealed class ProfileCommandTests : IClassFixture<ProfileRunFixture>
{
    private static readonly string[] CaseNames =
    [
        "float64 dense KMeans", "float32 dense KMeans", "float64 csr KMeans", "float32 csr KMeans",
        "float64 dense MiniBatchKMeans", "float32 dense MiniBatchKMeans", "float64 csr MiniBatchKMeans", "float32 csr MiniBatchKMeans",
    ];

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly ProfileRunFixture _fixture;

    public ProfileCommandTests(ProfileRunFixture fixture) => _fixture = fixture;

    private string[] OutputLines => _fixture.Output.Split('\n', StringSplitOptions.TrimEntries);

    [Fact]
    public void Profile_Succeeds_AndWritesNothingToStandardErrorWhenItIsNotATerminal()
    {
        Assert.Equal(0, _fixture.ExitCode);
        Assert.Equal(string.Empty, _fixture.Error);
    }

    [Theory]
    [InlineData(ProfileCharts.MemoryOverTimeFile)]
    [InlineData(ProfileCharts.PeakMemoryFile)]
    public void Profile_WritesTheChart(string name)
    {
        byte[] png = File.ReadAllBytes(Path.Combine(_fixture.Directory, name));

        Assert.True(png.Length > 10_000, $"{name} has only {png.Length} bytes");
        Assert.Equal(PngSignature, png[..8]);
        Assert.Contains(name, _fixture.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_PrintsATableRowForEveryCase_AndItsFigureAgainstTheBar()
    {
        string[] lines = OutputLines;
        int casesHeader = Array.FindIndex(lines, l => l.StartsWith("case ", StringComparison.Ordinal) && l.Contains("inertia", StringComparison.Ordinal));
        int barHeader = Array.FindIndex(lines, l => l.StartsWith("case ", StringComparison.Ordinal) && l.Contains("limit MiB", StringComparison.Ordinal));
        Assert.True(casesHeader >= 0 && barHeader > casesHeader, _fixture.Output);

        foreach (string name in CaseNames)
        {
            string row = lines[(casesHeader + 1)..].First(l => l.StartsWith(name + " ", StringComparison.Ordinal));
            string bar = lines[(barHeader + 1)..].First(l => l.StartsWith(name + " ", StringComparison.Ordinal));
            if (row.Contains("not available yet", StringComparison.Ordinal))
            {
                Assert.Contains("not available yet", bar, StringComparison.Ordinal);
                continue;
            }

            // case, input MiB, peak over pre-load MiB, fit s, iterations, inertia.
            Assert.Equal(6 + name.Count(c => c == ' '), row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.True(bar.EndsWith("PASS", StringComparison.Ordinal) || bar.EndsWith("FAIL", StringComparison.Ordinal), bar);
        }

        Assert.Contains(lines, l => l.StartsWith("float32 / float64, dense KMeans:", StringComparison.Ordinal));
    }

    [Fact]
    public void Profile_RunsEachFitInItsOwnProcess_WhichRecordsItsPeak()
    {
        string run = Path.Combine(_fixture.Directory, "runs", "float32-csr-kmeans");

        Assert.True(File.Exists(Path.Combine(run, "summary.json")));
        Assert.True(long.Parse(File.ReadAllText(Path.Combine(run, FitProcess.PeakFile))) > 1 << 20);
        Assert.Contains("float32, csr", File.ReadAllText(Path.Combine(run, FitProcess.OutputLog)), StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_WithFewerSamplesThanClusters_IsAUsageError()
    {
        CliRun run = CliRun.Invoke("profile", "--n", "5", "-k", "8");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--n 5 is fewer than the 8 clusters", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_Help_DescribesTheCommand()
    {
        CliRun run = CliRun.Invoke("profile", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage: centroid profile", run.Output, StringComparison.Ordinal);
        Assert.Contains("memory-over-time.png", run.Output, StringComparison.Ordinal);
    }
}
