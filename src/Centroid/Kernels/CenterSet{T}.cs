using System.Numerics;

namespace Centroid.Kernels;

/// <summary>k centers of d features, row-major, with their squared norms (recomputed with <see cref="UpdateNorms"/>).</summary>
internal sealed class CenterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates room for <paramref name="clusters"/> centers of <paramref name="features"/> features.</summary>
    public CenterSet(int clusters, int features)
    {
        Clusters = clusters;
        Features = features;
        Values = new T[checked(clusters * features)];
        Norms = new T[clusters];
    }

    /// <summary>k.</summary>
    public int Clusters { get; }

    /// <summary>d.</summary>
    public int Features { get; }

    /// <summary>The centers, row after row.</summary>
    public T[] Values { get; }

    /// <summary>‖c_j‖² for each center, in T, as scikit-learn's <c>row_norms(centers)</c>.</summary>
    public T[] Norms { get; }

    /// <summary>Center <paramref name="j"/>.</summary>
    public Span<T> Row(int j) => Values.AsSpan(j * Features, Features);

    /// <summary>Recomputes <see cref="Norms"/> from <see cref="Values"/>.</summary>
    public void UpdateNorms()
    {
        for (int j = 0; j < Clusters; j++)
        {
            ReadOnlySpan<T> c = Row(j);
            Norms[j] = VectorMath.Dot(c, c);
        }
    }
}
