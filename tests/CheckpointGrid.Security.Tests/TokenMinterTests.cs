using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Security.Tests;

public sealed class TokenMinterTests
{
    private static readonly ECDsaSecurityKey Key = SigningKey();

    [Fact]
    public async Task Terminal_token_carries_its_claims_and_validates_with_the_shared_parameters()
    {
        var minted = new TokenMinter(Key).Mint(new TokenRequest(TokenRoles.Terminal, ["PA-DAR-SVC", "PA-DAR-LJB"], TimeSpan.FromDays(30)) { Subject = "svc-laptop-1" });

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(minted.Token, TokenValidation.Parameters([Key], TokenDefaults.Issuer, TokenDefaults.Audience));

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", token.Alg);
        Assert.Equal(Key.KeyId, token.Kid);
        Assert.Equal(7, Guid.Parse(minted.TokenId).Version);
        var grant = TokenGrant.From(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity))!;
        Assert.Equal(TokenRoles.Terminal, grant.Role);
        Assert.Equal(minted.TokenId, grant.TokenId);
        Assert.Equal(minted.Expires, grant.Expires);
        Assert.True(grant.MayWrite("PA-DAR-SVC"));
        Assert.True(grant.MayWrite("PA-DAR-LJB"));
        Assert.False(grant.MayWrite("PA-COL-MIR"));
        Assert.Equal("svc-laptop-1", token.Subject);
    }

    [Theory]
    [InlineData("terminal", new string[0], "at least one checkpoint")]
    [InlineData("viewer", new[] { "PA-DAR-SVC" }, "takes no checkpoints")]
    [InlineData("root", new string[0], "not one of terminal, viewer, admin")]
    [InlineData("terminal", new[] { "pa-dar-svc" }, "'pa-dar-svc' is not a checkpoint id")]
    public void Bad_requests_are_refused_naming_the_fault(string role, string[] checkpoints, string fault)
    {
        var error = Assert.Throws<ArgumentException>(() => new TokenMinter(Key).Mint(new TokenRequest(role, checkpoints, TimeSpan.FromHours(1))));
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("90m", 90)]
    public void Lifetimes_parse(string text, int minutes)
    {
        Assert.True(TokenLifetime.TryParse(text, out var lifetime, out _));
        Assert.Equal(TimeSpan.FromMinutes(minutes), lifetime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("3w")]
    [InlineData("401d")]
    [InlineData("99999999999999999d")]
    public void Bad_lifetimes_are_refused(string text)
    {
        Assert.False(TokenLifetime.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
    }

    private static ECDsaSecurityKey SigningKey()
    {
        var key = EcKeyFiles.Generate();
        return new ECDsaSecurityKey(key) { KeyId = JwkThumbprint.Of(key) };
    }
}
