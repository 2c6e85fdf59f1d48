namespace CheckpointGrid.Core.Tests;

/// <summary>Identities parse only well-formed text and say the rule when they refuse.</summary>
public class IdentityTests
{
    [Theory]
    [InlineData("PA-DAR-SVC")]
    [InlineData("X")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")]
    public void Well_formed_checkpoint_ids_parse_and_round_trip(string text)
    {
        var id = CheckpointId.Parse(text);

        Assert.Equal(text, id.Value);
        Assert.Equal(text, id.ToString());
        Assert.Equal(CheckpointId.Parse(text), id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("pa-dar-svc")]
    [InlineData("PA DAR")]
    [InlineData("PA_DAR")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public void Malformed_checkpoint_ids_are_refused_with_the_rule(string? text)
    {
        Assert.False(CheckpointId.TryParse(text, out var id));
        Assert.Equal(default, id);
        var error = Assert.Throws<FormatException>(() => CheckpointId.Parse(text));
        Assert.Contains("is not a checkpoint id", error.Message, StringComparison.Ordinal);
        Assert.Contains("uppercase ASCII letters, digits and '-'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("laptop-1")]
    [InlineData("app:instance_7.b")]
    [InlineData("T")]
    public void Well_formed_terminal_ids_parse(string text) => Assert.Equal(text, TerminalId.Parse(text).Value);

    [Theory]
    [InlineData("")]
    [InlineData("lap top")]
    [InlineData("laptop/1")]
    [InlineData("portátil")]
    public void Malformed_terminal_ids_are_refused_with_the_rule(string text)
    {
        Assert.False(TerminalId.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => TerminalId.Parse(text));
        Assert.Contains("is not a terminal id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_id_may_be_64_characters_but_not_65()
    {
        Assert.True(TerminalId.TryParse(new string('a', 64), out _));
        Assert.False(TerminalId.TryParse(new string('a', 65), out _));
    }

    [Fact]
    public void Default_identities_read_as_empty_text()
    {
        Assert.Equal(string.Empty, default(CheckpointId).Value);
        Assert.Equal(string.Empty, default(TerminalId).ToString());
        Assert.Equal(string.Empty, default(RegionName).Value);
    }
}
