using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        LaneClusters = LaneCount(clusters);

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
        int padded = LaneCount(clusters);
        int size = Unsafe.SizeOf<T>();
        int bytes = padded * size;
        return bytes >= 1024 && bytes % 128 == 0 ? padded + (64 / size) : padded;
    }

    /// <summary>k rounded up to <see cref="LanePadding"/>: <see cref="LaneClusters"/>.</summary>
    private static int LaneCount(int clusters) => (clusters + LanePadding - 1) / LanePadding * LanePadding;

    /// <summary>The most lanes a kernel reads past <see cref="PaddedClusters"/>: up to 4 vectors of 16 floats.</summary>
    public const int MaxLanes = 64;

    /// <summary>k rounded up for the kernels' vectors and cache (see <see cref="PaddedCount"/>).</summary>
    public int PaddedClusters { get; }

    /// <summary>
    /// k rounded up to <see cref="LanePadding"/> only: the centers a kernel needs to score. The cache line that
    /// <see cref="PaddedCount"/> may add past them is padding for the layout alone, and a kernel that stops here skips it
    /// (k = 256 floats: 256 of 272 lanes).
    /// </summary>
    public int LaneClusters { get; }

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
        // Blocks of one vector's worth of centers by as many features, transposed in registers with AVX shuffles (an
        // 8 × 8 block of floats in 24, a 4 × 4 of doubles in 8); the features past the last whole block one by one.
        int blocked = start;
        if (Avx.IsSupported && typeof(T) == typeof(float))
        {
            blocked = TransposeBlocks<float>(start, end);
        }
        else if (Avx.IsSupported && typeof(T) == typeof(double))
        {
            blocked = TransposeBlocks<double>(start, end);
        }

        TransposeOneByOne(blocked, end);
    }

    /// <summary>Whole W × W blocks of features from <paramref name="start"/> on; returns the first feature not transposed.</summary>
    private int TransposeBlocks<TLane>(int start, int end) where TLane : unmanaged
    {
        ref TLane source = ref Unsafe.As<T, TLane>(ref MemoryMarshal.GetArrayDataReference(Values));
        ref TLane target = ref Unsafe.As<T, TLane>(ref MemoryMarshal.GetReference(Transposed));
        int w = Vector256<TLane>.Count;
        int f = start;
        for (; f + w <= end; f += w)
        {
            // PaddedClusters is a multiple of 8, so each block's lanes fit its rows of Transposed; centers past k load
            // as zero and keep the padding lanes zero.
            for (int j = 0; j < Clusters; j += w)
            {
                ref TLane block = ref Unsafe.Add(ref target, ((nint)f * PaddedClusters) + j);
                if (typeof(TLane) == typeof(float))
                {
                    TransposeBlock(ref Unsafe.As<TLane, float>(ref source), j, f, ref Unsafe.As<TLane, float>(ref block));
                }
                else
                {
                    TransposeBlock(ref Unsafe.As<TLane, double>(ref source), j, f, ref Unsafe.As<TLane, double>(ref block));
                }
            }
        }

        return f;
    }

    /// <summary>Centers j…j+7, features f…f+7, into <paramref name="block"/> (feature f's row of Transposed, from center j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TransposeBlock(ref float source, int j, int f, ref float block)
    {
        Vector256<float> r0 = LoadCenter(ref source, j, f), r1 = LoadCenter(ref source, j + 1, f);
        Vector256<float> r2 = LoadCenter(ref source, j + 2, f), r3 = LoadCenter(ref source, j + 3, f);
        Vector256<float> r4 = LoadCenter(ref source, j + 4, f), r5 = LoadCenter(ref source, j + 5, f);
        Vector256<float> r6 = LoadCenter(ref source, j + 6, f), r7 = LoadCenter(ref source, j + 7, f);

        // Pairs of rows interleaved, then quadruples: u0 holds features 0 and 4 of centers 0–3, u1 features 1 and 5, …;
        // the 128-bit halves of the two quadruples then make whole columns.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        StoreFeature(Avx.Permute2x128(u0, u4, 0x20), ref block, 0);
        StoreFeature(Avx.Permute2x128(u1, u5, 0x20), ref block, 1);
        StoreFeature(Avx.Permute2x128(u2, u6, 0x20), ref block, 2);
        StoreFeature(Avx.Permute2x128(u3, u7, 0x20), ref block, 3);
        StoreFeature(Avx.Permute2x128(u0, u4, 0x31), ref block, 4);
        StoreFeature(Avx.Permute2x128(u1, u5, 0x31), ref block, 5);
        StoreFeature(Avx.Permute2x128(u2, u6, 0x31), ref block, 6);
        StoreFeature(Avx.Permute2x128(u3, u7, 0x31), ref block, 7);
    }

    /// <summary>Centers j…j+3, features f…f+3, into <paramref name="block"/> (feature f's row of Transposed, from center j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TransposeBlock(ref double source, int j, int f, ref double block)
    {
        Vector256<double> r0 = LoadCenter(ref source, j, f), r1 = LoadCenter(ref source, j + 1, f);
        Vector256<double> r2 = LoadCenter(ref source, j + 2, f), r3 = LoadCenter(ref source, j + 3, f);

        // t0 holds features 0 and 2 of centers 0–1, t1 features 1 and 3; the halves then make whole columns.
        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        StoreFeature(Avx.Permute2x128(t0, t2, 0x20), ref block, 0);
        StoreFeature(Avx.Permute2x128(t1, t3, 0x20), ref block, 1);
        StoreFeature(Avx.Permute2x128(t0, t2, 0x31), ref block, 2);
        StoreFeature(Avx.Permute2x128(t1, t3, 0x31), ref block, 3);
    }

    /// <summary>One vector of center <paramref name="j"/>'s features from <paramref name="f"/>, or zeros for a padding center.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<TLane> LoadCenter<TLane>(ref TLane source, int j, int f) where TLane : unmanaged =>
        j < Clusters ? Vector256.LoadUnsafe(ref source, (nuint)(((nint)j * Features) + f)) : Vector256<TLane>.Zero;

    /// <summary>Stores the block's column <paramref name="feature"/> into that feature's row of <see cref="Transposed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreFeature<TLane>(Vector256<TLane> column, ref TLane block, int feature) where TLane : unmanaged =>
        column.StoreUnsafe(ref block, (nuint)((nint)feature * PaddedClusters));

    /// <summary>Features [<paramref name="start"/>, <paramref name="end"/>) element by element.</summary>
    private void TransposeOneByOne(int start, int end)
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
