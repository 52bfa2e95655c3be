using System.Diagnostics.CodeAnalysis;

namespace Centroid;

/// <summary>Throwers kept out of hot methods so those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    /// <summary>Throws for a row index outside the matrix.</summary>
    [DoesNotReturn]
    public static void ThrowRowOutOfRange(int row, int rows) =>
        throw new ArgumentOutOfRangeException(nameof(row), row, $"Row {row} is outside [0, {rows}).");
}
