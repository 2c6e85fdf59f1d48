namespace CheckpointGrid.Security;

/// <summary>What a token grants and for how long; <see cref="TokenMinter"/> checks it before signing.</summary>
public sealed record TokenRequest(string Role, IReadOnlyList<string> Checkpoints, TimeSpan Lifetime)
{
    /// <summary>Who the token is for (a terminal's or person's name); the role when not given.</summary>
    public string? Subject { get; init; }

    public string Issuer { get; init; } = TokenDefaults.Issuer;

    public string Audience { get; init; } = TokenDefaults.Audience;

    /// <summary>The token's id; a new UUIDv7 when not given (tests pin it).</summary>
    public Guid? TokenId { get; init; }

    /// <summary>When the token starts to be valid; now when not given (tests mint not-yet-valid and expired tokens with it).</summary>
    public DateTimeOffset? NotBefore { get; init; }
}
