using Centroid.Cli.Profiling;

namespace Centroid.Tests.Profiling;

public sealed class MemoryBarTests
{
    [Fact]
    public void Limit_IsOnePointOneTimesTheInput_PlusTheLabels_PlusEightMiB()
    {
        const long input = 200_000L * 20 * 8;

        Assert.Equal((long)(1.1 * input) + (4 * 200_000) + (8 << 20), MemoryBar.Limit(input, 200_000));
    }
}
