using CheckpointGrid.Rpc.Protocol;

namespace CheckpointGrid.Rpc.Tests.Protocol;

public class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("100m", 1_000_000L)]
    [InlineData("250u", 2_500L)]
    [InlineData("1000n", 10L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Valid_values_parse_to_their_duration(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void Malformed_values_are_refused(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));

    [Theory]
    [InlineData(1L, "1u")]
    [InlineData(10_000L, "1000u")]
    [InlineData(36_000_000_000L, "3600000m")]
    public void Format_rounds_up_and_fits_eight_digits(long ticks, string expected) =>
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Format_round_trips_through_parse_without_shortening()
    {
        foreach (var timeout in new[] { TimeSpan.FromMilliseconds(1.5), TimeSpan.FromSeconds(30), TimeSpan.FromDays(400) })
        {
            Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(timeout), out var parsed));
            Assert.True(parsed >= timeout, $"{timeout} came back as {parsed}");
        }
    }
}
