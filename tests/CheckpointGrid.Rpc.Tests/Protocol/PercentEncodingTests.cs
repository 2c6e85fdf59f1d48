using CheckpointGrid.Rpc.Protocol;

namespace CheckpointGrid.Rpc.Tests.Protocol;

public class PercentEncodingTests
{
    [Fact]
    public void Printable_ascii_is_sent_as_it_is() => Assert.Equal("Deadline Exceeded", PercentEncoding.Encode("Deadline Exceeded"));

    [Fact]
    public void Percent_controls_and_unicode_are_escaped_as_utf8()
    {
        Assert.Equal("50%25 %E2%98%BA%0A", PercentEncoding.Encode("50% ☺\n"));
    }

    [Theory]
    [InlineData("\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n")]
    [InlineData("next expected sequence: 42")]
    [InlineData("%")]
    public void Decode_inverts_encode(string message) => Assert.Equal(message, PercentEncoding.Decode(PercentEncoding.Encode(message)));

    [Fact]
    public void Malformed_escapes_are_kept_as_they_stand() => Assert.Equal("100%zz and %4", PercentEncoding.Decode("100%zz and %4"));
}
