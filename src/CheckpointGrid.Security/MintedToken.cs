namespace CheckpointGrid.Security;

/// <summary>A signed token with the facts an operator records about it: its id, to revoke it, and its expiry.</summary>
public sealed record MintedToken(string Token, string TokenId, DateTimeOffset Expires);
