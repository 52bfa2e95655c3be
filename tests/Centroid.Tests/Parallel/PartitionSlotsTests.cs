using System.Runtime.CompilerServices;
using Centroid.Parallel;

namespace Centroid.Tests.Parallel;

/// <summary>
/// Partition slots (<see cref="PartitionSlots{TElement}"/>) hold their elements and never share a cache line with the next
/// partition's slot, wherever the array happens to start.
/// </summary>
public sealed class PartitionSlotsTests
{
    private const int LineBytes = 64;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(256)]
    public void SlotsOfDoubles_NeverShareALine(int length) => AssertSlotsApart<double>(length);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    public void SlotsOfMaskWords_NeverShareALine(int length) => AssertSlotsApart<ulong>(length);

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    public void SlotsOfFloats_NeverShareALine(int length) => AssertSlotsApart<float>(length);

    [Fact]
    public void EachSlot_HoldsItsLengthAndKeepsItsOwnValues()
    {
        var slots = new PartitionSlots<double>(count: 5, length: 9);
        for (int p = 0; p < slots.Count; p++)
        {
            slots[p].Fill(p + 1);
        }

        for (int p = 0; p < slots.Count; p++)
        {
            Assert.Equal(9, slots[p].Length);
            Assert.All(slots[p].ToArray(), value => Assert.Equal(p + 1, value));
        }
    }

    private static void AssertSlotsApart<TElement>(int length) where TElement : unmanaged
    {
        int size = Unsafe.SizeOf<TElement>();
        int stride = PartitionSlots<TElement>.SlotStride(length);
        Assert.True(stride >= length, $"stride {stride} is shorter than a slot of {length}");

        // Arrays start at any multiple of the element size within a line.
        for (int start = 0; start < LineBytes; start += size)
        {
            for (int p = 0; p < 4; p++)
            {
                long lastLineOfThis = (start + (((long)p * stride) + length - 1) * size) / LineBytes;
                long firstLineOfNext = (start + ((long)(p + 1) * stride * size)) / LineBytes;
                Assert.True(
                    lastLineOfThis < firstLineOfNext,
                    $"length {length}, array at byte {start} of a line: slot {p} ends in line {lastLineOfThis}, slot {p + 1} starts in line {firstLineOfNext}");
            }
        }
    }
}
