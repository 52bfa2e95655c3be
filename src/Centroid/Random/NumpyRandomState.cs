namespace Centroid.Random;

/// <summary>
/// NumPy's legacy <c>RandomState</c>: the MT19937 generator with NumPy's seeding and the exact algorithms of the
/// draws scikit-learn makes (<c>random_sample</c>, <c>uniform</c>, <c>randint</c>, <c>permutation</c>), so the
/// same seed picks the same initial points as scikit-learn.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>Seeds as <c>np.random.RandomState(seed)</c> does for an integer seed.</summary>
    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
        {
            _mt[i] = (1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i;
        }

        _index = N;
    }

    /// <summary>The next tempered 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Generate();
        }

        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits: <c>random_sample()</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>An integer in [0, max] by masked rejection: NumPy's <c>random_interval</c>, as <c>randint</c> and <c>permutation</c> use it.</summary>
    public ulong NextInterval(ulong max)
    {
        if (max == 0)
        {
            return 0;
        }

        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > max)
            {
            }
        }
        else
        {
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > max)
            {
            }
        }

        return value;
    }

    /// <summary>An integer in [low, high): <c>randint(low, high)</c> for the default 64-bit dtype.</summary>
    public long NextInteger(long low, long high) => low + (long)NextInterval((ulong)(high - 1 - low));

    /// <summary>Shuffles <paramref name="values"/> in place as <c>RandomState.shuffle</c> does (Fisher–Yates from the end).</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)NextInterval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private void Generate()
    {
        uint[] mt = _mt;
        int kk;
        uint y;
        for (kk = 0; kk < N - M; kk++)
        {
            y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
            mt[kk] = mt[kk + M] ^ (y >> 1) ^ ((y & 1u) * 0x9908b0dfu);
        }

        for (; kk < N - 1; kk++)
        {
            y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
            mt[kk] = mt[kk + M - N] ^ (y >> 1) ^ ((y & 1u) * 0x9908b0dfu);
        }

        y = (mt[N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
        mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ ((y & 1u) * 0x9908b0dfu);
        _index = 0;
    }
}
