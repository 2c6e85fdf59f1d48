namespace CheckpointGrid.Server.Auth;

/// <summary>Authentication's log messages. None carries a token.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(1, LogLevel.Information, "Bearer tokens required: {KeyCount} ES256 verification key(s) from {KeyPath} (kid {KeyIds}), issuer '{Issuer}', audience '{Audience}'")]
    public static partial void TokensRequired(ILogger logger, int keyCount, string keyPath, string keyIds, string issuer, string audience);

    [LoggerMessage(2, LogLevel.Information, "Revocation list loaded: {Count} revoked token(s)")]
    public static partial void RevocationsLoaded(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Warning, "Could not re-read the revocation list from the store; the last list read stays in force")]
    public static partial void RevocationRefreshFailed(ILogger logger, Exception error);

    [LoggerMessage(4, LogLevel.Warning, "Token {TokenId} revoked: {Reason}")]
    public static partial void Revoked(ILogger logger, string tokenId, string reason);

    [LoggerMessage(5, LogLevel.Information, "Ingest stream of token {TokenId} ended: {Reason}")]
    public static partial void StreamTokenRefused(ILogger logger, string tokenId, string reason);
}
