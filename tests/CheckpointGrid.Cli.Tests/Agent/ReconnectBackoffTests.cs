using CheckpointGrid.Cli.Agent;

namespace CheckpointGrid.Cli.Tests.Agent;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Each_attempt_waits_between_half_and_all_of_a_doubling_ceiling_bounded_by_the_maximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), new Random(3));

        Assert.Equal([1, 2, 4, 8, 8, 8], Enumerable.Range(0, 6).Select(a => backoff.Ceiling(a).TotalSeconds));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var ceiling = backoff.Ceiling(attempt);
            Assert.InRange(backoff.Delay(attempt), ceiling / 2, ceiling);
        }

        Assert.Equal(TimeSpan.FromSeconds(8), backoff.Ceiling(int.MaxValue));
    }

    [Fact]
    public void Jitter_spreads_the_waits()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), new Random(4));

        var waits = Enumerable.Range(0, 20).Select(_ => backoff.Delay(3)).Distinct().Count();

        Assert.True(waits > 15);
    }
}
