using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Security;

/// <summary>How a server checks a CheckpointGrid token: the one definition, next to the minter it must agree with.</summary>
public static class TokenValidation
{
    /// <summary>ES256 only, signed by one of <paramref name="keys"/>, expiry required, issuer and audience exact, a small clock skew.</summary>
    public static TokenValidationParameters Parameters(IEnumerable<SecurityKey> keys, string issuer, string audience) => new()
    {
        IssuerSigningKeys = [.. keys],
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ValidateIssuer = true,
        ValidIssuer = issuer,
        ValidateAudience = true,
        ValidAudience = audience,
        ValidateIssuerSigningKey = true,
        ClockSkew = TokenDefaults.ClockSkew,
        RoleClaimType = TokenClaims.Role,
        NameClaimType = TokenClaims.Subject,
    };
}
