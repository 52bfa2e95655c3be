using System.Numerics;
using System.Runtime.CompilerServices;

namespace Centroid.Kernels;

/// <summary>A set of clusters as a bit mask (bit j of word j / 64), enumerable in increasing cluster order.</summary>
internal readonly ref struct ClusterMask
{
    private readonly ReadOnlySpan<ulong> _words;

    /// <summary>Views <paramref name="words"/>.</summary>
    public ClusterMask(ReadOnlySpan<ulong> words) => _words = words;

    /// <summary>Words for <paramref name="clusters"/> clusters.</summary>
    public static int Words(int clusters) => (clusters + 63) / 64;

    /// <summary>Whether <paramref name="cluster"/> is in the mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Contains(ReadOnlySpan<ulong> mask, int cluster) => (mask[cluster >> 6] & (1UL << (cluster & 63))) != 0;

    /// <summary>Adds <paramref name="cluster"/> to the mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(Span<ulong> mask, int cluster) => mask[cluster >> 6] |= 1UL << (cluster & 63);

    /// <summary>
    /// Adds both ends of a row's move from <paramref name="from"/> to <paramref name="to"/>: the clusters whose sums it
    /// changed. A negative <paramref name="from"/> (no label yet) adds only <paramref name="to"/>; an empty mask records nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddMove(Span<ulong> mask, int from, int to)
    {
        if (mask.IsEmpty)
        {
            return;
        }

        Add(mask, to);
        if (from >= 0)
        {
            Add(mask, from);
        }
    }

    /// <summary>A mask of all <paramref name="clusters"/> clusters.</summary>
    public static ulong[] All(int clusters)
    {
        var mask = new ulong[Words(clusters)];
        for (int j = 0; j < clusters; j++)
        {
            Add(mask, j);
        }

        return mask;
    }

    /// <summary>Clears the <paramref name="width"/> elements of each cluster of the mask in <paramref name="values"/> (cluster j at j × width).</summary>
    public static void Clear<TValue>(ReadOnlySpan<ulong> mask, Span<TValue> values, int width)
    {
        foreach (int j in new ClusterMask(mask))
        {
            values.Slice(j * width, width).Clear();
        }
    }

    /// <summary>The clusters in increasing order.</summary>
    public Enumerator GetEnumerator() => new(_words);

    /// <summary>Walks the set bits.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<ulong> _words;
        private int _word;
        private ulong _bits;

        internal Enumerator(ReadOnlySpan<ulong> words)
        {
            _words = words;
            _word = -1;
            _bits = 0;
        }

        /// <summary>The current cluster.</summary>
        public int Current { get; private set; }

        /// <summary>Moves to the next cluster in the mask.</summary>
        public bool MoveNext()
        {
            while (_bits == 0)
            {
                if (++_word >= _words.Length)
                {
                    return false;
                }

                _bits = _words[_word];
            }

            Current = (_word * 64) + BitOperations.TrailingZeroCount(_bits);
            _bits &= _bits - 1;
            return true;
        }
    }
}
