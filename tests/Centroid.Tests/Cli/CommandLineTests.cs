namespace Centroid.Tests.Cli;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("")]
    [InlineData("cluster data.npy")]
    [InlineData("--bogus")]
    [InlineData("fit data.npy -k 3 --bogus")]
    [InlineData("fit data.npy -k")]
    [InlineData("fit data.npy -k 3 --out")]
    [InlineData("fit data.npy")]
    [InlineData("fit -k 3")]
    [InlineData("fit data.npy -k three")]
    [InlineData("fit data.npy -k 0")]
    [InlineData("fit data.txt -k 3")]
    [InlineData("fit data -k 3")]
    [InlineData("fit data.npy -k 3 --algorithm bogus")]
    [InlineData("fit data.npy -k 3 --init farthest")]
    [InlineData("fit data.npy -k 3 --n-init some")]
    [InlineData("fit data.npy -k 3 --tol -1")]
    [InlineData("fit data.npy -k 3 --seed -1")]
    [InlineData("fit data.npy -k 3 -k 4")]
    [InlineData("fit data.npy -k 3 --verbose=yes")]
    [InlineData("fit data.npy -k 3 --dtype float32")]
    [InlineData("fit data.csv -k 3 --dtype float16")]
    [InlineData("fit a.npy b.npy -k 3")]
    [InlineData("predict centers.npy data.npy")]
    [InlineData("predict centers.npy --out out")]
    [InlineData("predict centers.csv data.npy --out out")]
    [InlineData("demo --n 0")]
    [InlineData("demo extra")]
    public void UsageError_ExitsWith2AndOneLineWithAHintAndNoStackTrace(string commandLine)
    {
        CliRun run = CliRun.Invoke(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("centroid: error: ", line);
        Assert.EndsWith("run 'centroid --help'", line);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void UnknownAlgorithm_ListsTheAcceptedOnes()
    {
        CliRun run = CliRun.Invoke("fit", "data.npy", "-k", "3", "--algorithm", "bogus");

        Assert.Contains("accepted: lloyd, minibatch", run.Error);
    }

    [Fact]
    public void UnknownExtension_ListsTheAcceptedOnes()
    {
        CliRun run = CliRun.Invoke("fit", "data.parquet", "-k", "3");

        Assert.Contains(".npy, .npz, .csv", run.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_PrintsTheUsageOfEveryCommand(string option)
    {
        CliRun run = CliRun.Invoke(option);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("centroid fit INPUT -k K", run.Output);
        Assert.Contains("centroid predict CENTERS.npy INPUT --out DIR", run.Output);
        Assert.Contains("centroid demo", run.Output);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void FitHelp_PrintsTheFitOptionsEvenWithOtherArguments()
    {
        CliRun run = CliRun.Invoke("fit", "data.npy", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--n-init auto|N", run.Output);
    }

    [Fact]
    public void Version_PrintsTheToolName()
    {
        CliRun run = CliRun.Invoke("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("centroid ", run.Output);
    }
}
