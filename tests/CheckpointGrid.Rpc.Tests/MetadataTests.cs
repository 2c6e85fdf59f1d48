namespace CheckpointGrid.Rpc.Tests;

public class MetadataTests
{
    [Fact]
    public void Keys_are_lower_cased_and_last_value_wins_on_get()
    {
        var metadata = new Metadata { { "X-Terminal", "a" }, { "x-terminal", "b" } };
        Assert.Equal("x-terminal", metadata[0].Key);
        Assert.Equal("b", metadata.GetValue("X-TERMINAL"));
    }

    [Fact]
    public void Binary_values_need_a_bin_key_and_text_values_must_not_have_one()
    {
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("trace", [1, 2]));
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("trace-bin", "text"));
    }

    [Theory]
    [InlineData("bad key")]
    [InlineData("ключ")]
    [InlineData("")]
    public void Keys_outside_the_allowed_characters_are_refused(string key) =>
        Assert.ThrowsAny<ArgumentException>(() => new Metadata.Entry(key, "v"));

    [Fact]
    public void Text_values_must_be_printable_ascii() =>
        Assert.Throws<ArgumentException>(() => new Metadata.Entry("note", "line\nbreak"));
}
