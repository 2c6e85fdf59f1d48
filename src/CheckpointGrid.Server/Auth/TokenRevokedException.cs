using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Server.Auth;

/// <summary>A token that validated but whose id is on the revocation list.</summary>
internal sealed class TokenRevokedException(string tokenId)
    : SecurityTokenValidationException($"The token {tokenId} has been revoked.")
{
    public string TokenId { get; } = tokenId;
}
