namespace CheckpointGrid.Storage;

/// <summary>A revoked bearer token: its id (jti), why, when, and after when the entry may be dropped (null: never).</summary>
public sealed record TokenRevocation(string TokenId, string Reason, DateTimeOffset RevokedAt, DateTimeOffset? ForgetAfter)
{
    /// <summary>The longest token id kept; a jti is a UUID, so this is generous.</summary>
    public const int MaxTokenIdLength = 128;

    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 500;
}
