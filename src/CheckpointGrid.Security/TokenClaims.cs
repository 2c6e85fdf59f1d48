namespace CheckpointGrid.Security;

/// <summary>The claim names of a CheckpointGrid token, as they appear in the JWT (the server reads them unmapped).</summary>
public static class TokenClaims
{
    /// <summary>One of <see cref="TokenRoles"/>.</summary>
    public const string Role = "role";

    /// <summary>A JSON array of checkpoint ids; terminal tokens only.</summary>
    public const string Checkpoints = "checkpoints";

    public const string Subject = "sub";

    /// <summary>The token's id (a UUIDv7): what an admin revokes.</summary>
    public const string TokenId = "jti";

    public const string IssuedAt = "iat";

    public const string NotBefore = "nbf";

    public const string Expires = "exp";

    public const string Issuer = "iss";

    public const string Audience = "aud";
}
