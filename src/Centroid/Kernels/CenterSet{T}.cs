using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Centroid.Kernels;

/// <summary>k centers of d features, row-major, with their squared norms (recomputed with <see cref="UpdateNorms"/>).</summary>
internal sealed unsafe class CenterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates room for <paramref name="clusters"/> centers of <paramref name="features"/> features.</summary>
    public CenterSet(int clusters, int features)
    {
        Clusters = clusters;
        Features = features;
        Values = new T[checked(clusters * features)];
        Norms = new T[clusters];
        PaddedClusters = PaddedCount(clusters);

        // Slack past the end: a kernel narrower or wider than the padding reads whole vectors, and lanes past
        // PaddedClusters then meet finite values in Transposed and +∞ in PaddedNorms, so they never win.
        // Pinned (never moved) and started on a 64-byte boundary: a column of k = 20 floats (96 bytes) then spans two
        // cache lines, not three, and no vector load splits a line (~20% of the CSR kernel when the centers are out of L2).
        int length = checked((PaddedClusters * features) + MaxLanes);
        _transposed = GC.AllocateArray<T>(length + (CacheLine / Unsafe.SizeOf<T>()), pinned: true);
        _transposedStart = (int)((CacheLine - ((nuint)Unsafe.AsPointer(ref _transposed[0]) % CacheLine)) % CacheLine) / Unsafe.SizeOf<T>();
        _transposedLength = length;
        PaddedNorms = new T[PaddedClusters + MaxLanes];
        PaddedNorms.AsSpan().Fill(T.PositiveInfinity);
    }

    /// <summary>
    /// Center counts are padded to a multiple of this: the widest accelerated vector of floats here (16 with
    /// AVX-512, 8 with AVX2), so that k = 8 costs one AVX2 vector, not two.
    /// </summary>
    public static readonly int LanePadding = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 16 : 8;

    /// <summary>
    /// k rounded up to <see cref="LanePadding"/>, plus one cache line of padding centers when a row of
    /// <see cref="Transposed"/> would span an even number of cache lines of at least 1 KiB: the kernels read one line per
    /// feature at that stride, and a stride of 2^m lines maps every feature's line to the same few L1 sets (8 ways
    /// each), so a panel of 64 features would evict itself. An odd number of lines spreads them over all sets, for
    /// 3–6% more (never-winning) padding lanes.
    /// </summary>
    internal static int PaddedCount(int clusters)
    {
        int padded = (clusters + LanePadding - 1) / LanePadding * LanePadding;
        int size = Unsafe.SizeOf<T>();
        int bytes = padded * size;
        return bytes >= 1024 && bytes % 128 == 0 ? padded + (64 / size) : padded;
    }

    /// <summary>The most lanes a kernel reads past <see cref="PaddedClusters"/>: up to 4 vectors of 16 floats.</summary>
    public const int MaxLanes = 64;

    /// <summary>k rounded up for the kernels' vectors and cache (see <see cref="PaddedCount"/>).</summary>
    public int PaddedClusters { get; }

    /// <summary>
    /// The centers feature-major (d × <see cref="PaddedClusters"/>, then slack), padding centers zero: one load gives one
    /// feature of W consecutive centers. Starts on a 64-byte boundary.
    /// </summary>
    public Span<T> Transposed => _transposed.AsSpan(_transposedStart, _transposedLength);

    private const int CacheLine = 64;

    /// <summary>Features per panel of the transposition in <see cref="Transpose"/>.</summary>
    private const int TransposePanel = 16;

    private readonly T[] _transposed;
    private readonly int _transposedStart;
    private readonly int _transposedLength;

    /// <summary><see cref="Norms"/> padded with +∞, so a padding center never wins an argmin.</summary>
    public T[] PaddedNorms { get; }

    /// <summary>k.</summary>
    public int Clusters { get; }

    /// <summary>d.</summary>
    public int Features { get; }

    /// <summary>The centers, row after row.</summary>
    public T[] Values { get; }

    /// <summary>‖c_j‖² for each center, in T, bit for bit as scikit-learn's <c>row_norms(centers)</c> (<see cref="NumpyEinsum"/>).</summary>
    public T[] Norms { get; }

    /// <summary>Center <paramref name="j"/>.</summary>
    public Span<T> Row(int j) => Values.AsSpan(j * Features, Features);

    /// <summary>Recomputes <see cref="Norms"/>, <see cref="Transposed"/> and <see cref="PaddedNorms"/> from <see cref="Values"/>.</summary>
    public void UpdateNorms()
    {
        for (int j = 0; j < Clusters; j++)
        {
            UpdateNorm(j);
        }

        Transpose(0, Features);
    }

    /// <summary>Recomputes center <paramref name="j"/>'s entry of <see cref="Norms"/> and <see cref="PaddedNorms"/> from <see cref="Values"/>.</summary>
    public void UpdateNorm(int j)
    {
        T norm = NumpyEinsum.SquaredNorm<T>(Row(j));
        Norms[j] = norm;
        PaddedNorms[j] = norm;
    }

    /// <summary>Sets center <paramref name="j"/>'s norm to <paramref name="source"/>'s, whose center <paramref name="j"/> has the same values.</summary>
    public void CopyNorm(int j, CenterSet<T> source)
    {
        Norms[j] = source.Norms[j];
        PaddedNorms[j] = source.Norms[j];
    }

    /// <summary>Copies features [<paramref name="start"/>, <paramref name="end"/>) of every center into <see cref="Transposed"/>.</summary>
    public void Transpose(int start, int end)
    {
        // A panel of 16 features at a time: each center's 16 values are read in one run, and the panel's 16 rows of
        // Transposed (16 × k values, a few KB) stay in L1 while every center is written into them. Feature by feature
        // instead, each read touched one line of every center (tf-idf, 25000 features: 0.6–1 ms per iteration).
        ref T source = ref MemoryMarshal.GetArrayDataReference(Values);
        ref T target = ref MemoryMarshal.GetReference(Transposed);
        int features = Features;
        int stride = PaddedClusters;
        for (int f0 = start; f0 < end; f0 += TransposePanel)
        {
            int width = Math.Min(TransposePanel, end - f0);
            for (int j = 0; j < Clusters; j++)
            {
                ref T from = ref Unsafe.Add(ref source, ((nint)j * features) + f0);
                ref T to = ref Unsafe.Add(ref target, ((nint)f0 * stride) + j);
                for (int t = 0; t < width; t++)
                {
                    Unsafe.Add(ref to, (nint)t * stride) = Unsafe.Add(ref from, t);
                }
            }
        }
    }
}
