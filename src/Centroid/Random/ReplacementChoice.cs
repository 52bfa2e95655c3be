using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Centroid.Kernels;

namespace Centroid.Random;

/// <summary>
/// NumPy's <c>RandomState.choice(n, size, replace=True, p=w/Σw)</c>, scikit-learn ≥ 1.4's mini-batch sampling, with the
/// cumulative distribution built once for a fit instead of once per draw call.
/// </summary>
/// <remarks>
/// NumPy converts p (here <c>w / Σw</c> in the data's type, Σw summed as <c>np.sum</c>) to float64, takes its sequential
/// cumulative sum, divides it by its last element, draws <c>size</c> doubles with <c>random_sample</c> and returns
/// <c>searchsorted(cdf, u, side='right')</c>. It rebuilds that n-length cdf on every call — O(n) per mini-batch step;
/// the weights do not change during a fit, so the cdf is built once (n doubles, the same bits) and each draw is a binary
/// search narrowed by a guide table (n/4 ints). For equal weights (no sample weights, the common case) only every
/// 32nd running sum is kept (n/32 doubles) and a draw is a direct guess checked against entries recomputed from
/// those, the same bits as NumPy's cdf. Zero-weight rows are never drawn (their cdf entry equals the previous one).
/// </remarks>
internal sealed class ReplacementChoice
{
    // Guide-table buckets per row: with uniform weights a bucket holds about four cdf entries (one cache line).
    private const int RowsPerBucket = 4;

    // Equal weights: the running sum is kept only at the end of every block of this many rows; an entry inside a
    // block is recomputed by adding p from the block's start, the same additions in the same order, so the same bits.
    private const int EvenBlock = 32;

    private readonly int _count;
    private readonly double[] _cdf;
    private readonly int[] _guide;
    private readonly bool _even;
    private readonly double[] _blockEnds;
    private readonly double _p;
    private readonly double _last;
    private double[] _draws = [];

    private ReplacementChoice(int count, double[] cdf, int[] guide)
    {
        _count = count;
        _cdf = cdf;
        _guide = guide;
        _blockEnds = [];
    }

    private ReplacementChoice(int count, double[] blockEnds, double p, double last)
    {
        _count = count;
        _cdf = [];
        _guide = [];
        _even = true;
        _blockEnds = blockEnds;
        _p = p;
        _last = last;
    }

    /// <summary>The number of rows drawn from.</summary>
    public int Count => _count;

    /// <summary>Builds the cdf of p = w / Σw over <paramref name="n"/> rows (empty weights: all equal), and its guide table.</summary>
    public static ReplacementChoice Create<T>(int n, ReadOnlySpan<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = weights.IsEmpty ? T.CreateTruncating(n) : NumpySum.Sum(weights);
        if (weights.IsEmpty)
        {
            // n/32 doubles instead of n: for unit weights every p is the same, (T)(1 / n) widened.
            double p = double.CreateTruncating(T.One / total);
            double[] blockEnds = new double[(n + EvenBlock - 1) / EvenBlock];
            double running = 0;
            for (int i = 0; i < n; i++)
            {
                running += p;
                if (i % EvenBlock == EvenBlock - 1 || i == n - 1)
                {
                    blockEnds[i / EvenBlock] = running;
                }
            }

            return new ReplacementChoice(n, blockEnds, p, running);
        }

        double[] cdf = new double[n];
        double cumulative = 0;
        for (int i = 0; i < n; i++)
        {
            // p[i] is rounded to T first (NumPy divides in the data's type), then widened.
            cumulative += double.CreateTruncating((weights.IsEmpty ? T.One : weights[i]) / total);
            cdf[i] = cumulative;
        }

        double last = cdf[n - 1];
        for (int i = 0; i < n; i++)
        {
            cdf[i] /= last;
        }

        // guide[j] = the first index whose cdf exceeds j / G (Chen and Asau's guide table): a draw u in [j/G, (j+1)/G)
        // lands in [guide[j], guide[j + 1]], so the search starts one bucket wide instead of n wide.
        int buckets = Math.Max(1, n / RowsPerBucket);
        int[] guide = new int[buckets + 1];
        int index = 0;
        for (int j = 0; j < buckets; j++)
        {
            double threshold = (double)j / buckets;
            while (index < n - 1 && !(cdf[index] > threshold))
            {
                index++;
            }

            guide[j] = index;
        }

        guide[buckets] = n - 1;
        return new ReplacementChoice(n, cdf, guide);
    }

    /// <summary>Fills <paramref name="destination"/> with draws, one <c>random_sample</c> double each, in order.</summary>
    /// <remarks>
    /// Each draw's cdf entries are a cache miss in a large data set, so all the doubles are drawn first, each one's
    /// likely cdf line prefetched, and only then are the indices resolved: the misses overlap instead of queueing.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Sample(NumpyRandomState random, Span<int> destination)
    {
        if (_draws.Length < destination.Length)
        {
            _draws = new double[destination.Length];
        }

        Span<double> draws = _draws.AsSpan(0, destination.Length);
        if (_even)
        {
            // The block sums are small (n/32 doubles) and stay in cache: nothing to prefetch.
            for (int i = 0; i < draws.Length; i++)
            {
                draws[i] = random.NextDouble();
            }

            for (int i = 0; i < draws.Length; i++)
            {
                destination[i] = FindEven(draws[i]);
            }

            return;
        }

        fixed (double* cdf = _cdf)
        fixed (int* guide = _guide)
        {
            for (int i = 0; i < draws.Length; i++)
            {
                double u = random.NextDouble();
                draws[i] = u;
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(guide + Bucket(u));
                }
            }
        }

        for (int i = 0; i < draws.Length; i++)
        {
            destination[i] = Find(draws[i]);
        }
    }

    /// <summary>
    /// The first index whose cdf exceeds <paramref name="u"/> (<c>searchsorted(side='right')</c>); u &lt; 1 = cdf[n − 1]
    /// keeps it in range. The guide table narrows the range; the answer is the same as a search of the whole cdf.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(double u)
    {
        double[] cdf = _cdf;
        int[] guide = _guide;
        int bucket = Bucket(u);
        int low = guide[bucket];
        int high = guide[bucket + 1];

        // u × G can round across a bucket edge; then the bracket is not certain and the whole cdf is searched.
        if ((low > 0 && cdf[low - 1] > u) || !(cdf[high] > u))
        {
            low = 0;
            high = cdf.Length - 1;
        }

        while (low < high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (cdf[middle] > u)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary><see cref="Find"/> for equal weights, on the cdf recomputed from the block sums.</summary>
    private int FindEven(double u)
    {
        // cdf[i] ≈ (i + 1) / n to rounding, so ⌊u·n⌋ is the answer or next to it.
        int guess = Math.Min((int)(u * _count), _count - 1);
        if (EvenCdf(guess) > u && (guess == 0 || !(EvenCdf(guess - 1) > u)))
        {
            return guess;
        }

        int low = 0;
        int high = _count - 1;
        while (low < high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (EvenCdf(middle) > u)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>cdf[i] for equal weights: the running sum from the start of i's block, divided by the total, as NumPy divides.</summary>
    private double EvenCdf(int i)
    {
        int block = i / EvenBlock;
        double running = block == 0 ? 0 : _blockEnds[block - 1];
        for (int j = block * EvenBlock; j <= i; j++)
        {
            running += _p;
        }

        return running / _last;
    }

    private int Bucket(double u) => Math.Min((int)(u * (_guide.Length - 1)), _guide.Length - 2);
}
