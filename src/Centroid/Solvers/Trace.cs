namespace Centroid.Solvers;
/// <summary>temp</summary>
public static class Trace
{
    /// <summary>temp</summary>
    public static long Tightened, Resolved, Candidates, BlocksPassed, RefreshTicks, Visits, AlgoTicks, SumTicks;
}
