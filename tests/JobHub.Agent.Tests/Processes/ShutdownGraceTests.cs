using JobHub.Agent.Processes;

namespace JobHub.Agent.Tests.Processes;

public sealed class ShutdownGraceTests
{
    [Theory]
    [InlineData(10_000, 5_000)]
    [InlineData(30_000, 15_000)]
    [InlineData(5_000, 2_500)]
    [InlineData(4_000, 2_000)]
    [InlineData(3_000, 1_000)]
    [InlineData(2_000, 0)]
    [InlineData(500, 0)]
    [InlineData(0, 0)]
    public void Within_KeepsHalfTheBudgetAndAtLeastTwoSeconds(int budgetMs, int graceMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(graceMs), ShutdownGrace.Within(TimeSpan.FromMilliseconds(budgetMs)));
    }

    [Fact]
    public void Within_InfiniteBudget_SetsNoLimit()
    {
        Assert.Equal(TimeSpan.MaxValue, ShutdownGrace.Within(Timeout.InfiniteTimeSpan));
    }
}
