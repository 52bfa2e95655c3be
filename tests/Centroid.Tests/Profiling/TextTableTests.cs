using Centroid.Cli.Profiling;

namespace Centroid.Tests.Profiling;

public sealed class TextTableTests
{
    [Fact]
    public void Write_AlignsNumbersRight_AndLetsNotesRunAcross()
    {
        var table = new TextTable("case", "MiB");
        table.AddRow("float64 dense", "30.5");
        table.AddRow("f32", "5.0");
        table.AddNote("float32 csr", "not available yet, a long note");
        using var output = new StringWriter();

        table.Write(output);

        Assert.Equal(
            ["case            MiB", "float64 dense  30.5", "f32             5.0", "float32 csr    not available yet, a long note", string.Empty],
            output.ToString().Split('\n'));
    }
}
