namespace Centroid.Tests;

/// <summary>Compares doubles within an absolute-or-relative tolerance: |a − b| ≤ tol · max(1, |a|, |b|).</summary>
internal sealed class Tolerance(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1.0, Math.Max(Math.Abs(x), Math.Abs(y)));

    public int GetHashCode(double obj) => 0;
}
