using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Server.Auth;

/// <summary>What an UNAUTHENTICATED status says about a token, by the reason validation refused it; never the token itself.</summary>
internal static class TokenFailures
{
    public const string Missing = "no bearer token: send the header 'authorization: Bearer <token>' (checkpointgrid token issue mints one).";

    public static string Describe(Exception? failure) => failure switch
    {
        null => Missing,
        TokenRevokedException revoked => $"the bearer token {revoked.TokenId} has been revoked.",
        SecurityTokenExpiredException expired => $"the bearer token expired at {expired.Expires:yyyy-MM-ddTHH:mm:ssZ}.",
        SecurityTokenNotYetValidException early => $"the bearer token is not valid yet (not before {early.NotBefore:yyyy-MM-ddTHH:mm:ssZ}).",
        SecurityTokenNoExpirationException => "the bearer token has no expiry (exp); this server requires one.",
        // IdentityModel leaves the offending values out (it treats them as PII): say which claim is wrong.
        SecurityTokenInvalidIssuerException => "the bearer token's issuer (iss) is not the issuer this server accepts (Auth:Issuer).",
        SecurityTokenInvalidAudienceException => "the bearer token's audience (aud) is not this server's audience (Auth:Audience).",
        SecurityTokenInvalidAlgorithmException => "the bearer token is not signed with ES256, the only algorithm this server accepts.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            "the bearer token is not signed by a key this server trusts (foreign-signed, or signed by a key no longer configured).",
        SecurityTokenMalformedException or ArgumentException => "the bearer token is malformed: not a signed JWT.",
        MissingTokenIdException => "the bearer token has no token id (jti), so it could not be revoked; this server refuses it.",
        _ => "the bearer token is invalid.",
    };
}
