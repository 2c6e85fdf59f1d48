namespace CheckpointGrid.Security;

/// <summary>What the minter and the server agree on when nobody says otherwise.</summary>
public static class TokenDefaults
{
    public const string Issuer = "checkpointgrid";

    public const string Audience = "checkpointgrid";

    /// <summary>The one signing algorithm: ES256 (ECDSA on P-256 with SHA-256); small tokens, small keys.</summary>
    public const string Algorithm = "ES256";

    /// <summary>How far the server's and a minting machine's clocks may disagree; small, so expiry means what it says.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
}
