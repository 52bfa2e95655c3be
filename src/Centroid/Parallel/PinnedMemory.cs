using System.Buffers;

namespace Centroid.Parallel;

/// <summary>
/// Memory over a pinned span, so a caller's <see cref="Span{T}"/> destination can be written by worker threads. Valid
/// only while the caller keeps the span pinned (inside its <c>fixed</c> block).
/// </summary>
internal sealed unsafe class PinnedMemory<T> : MemoryManager<T> where T : unmanaged
{
    private readonly T* _pointer;
    private readonly int _length;

    /// <summary>Wraps <paramref name="length"/> elements at <paramref name="pointer"/>.</summary>
    public PinnedMemory(T* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    /// <inheritdoc/>
    public override Span<T> GetSpan() => new(_pointer, _length);

    /// <inheritdoc/>
    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    /// <inheritdoc/>
    public override void Unpin()
    {
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
    }
}
