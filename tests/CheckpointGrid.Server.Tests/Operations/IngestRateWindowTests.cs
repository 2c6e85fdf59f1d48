using CheckpointGrid.Server.Operations;
using CheckpointGrid.Testing.Time;

namespace CheckpointGrid.Server.Tests.Operations;

/// <summary>The ingest rate: events per second over the last 10 s, over the time since start while that is shorter, at least a second.</summary>
public sealed class IngestRateWindowTests
{
    [Fact]
    public void Rate_spreads_events_over_the_window_and_forgets_them_after_it()
    {
        var time = new ManualTimeProvider();
        var window = new IngestRateWindow(time);

        time.Advance(TimeSpan.FromMilliseconds(500));
        window.Add(30);
        var burst = window.Read();
        time.Advance(TimeSpan.FromSeconds(4.5));
        window.Add(19);
        var atFive = window.Read();
        time.Advance(TimeSpan.FromSeconds(7.5));
        var atTwelveAndAHalf = window.Read();
        time.Advance(TimeSpan.FromSeconds(10));
        var idle = window.Read();

        Assert.Equal((30.0, 30L), burst);
        Assert.Equal((9.8, 49L), atFive);
        // At 12.5 s the window is seconds 3 to 12, 9.5 s: the 30 events of second 0 have left it, the 19 of second 5 have not.
        Assert.Equal((2.0, 49L), atTwelveAndAHalf);
        Assert.Equal((0.0, 49L), idle);
    }
}
