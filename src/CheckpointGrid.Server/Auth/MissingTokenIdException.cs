using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Server.Auth;

/// <summary>A token without a jti: it could never be revoked, so it is refused.</summary>
internal sealed class MissingTokenIdException() : SecurityTokenValidationException("The token has no jti.");
