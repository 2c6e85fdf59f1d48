using System.Security.Claims;

namespace CheckpointGrid.Security;

/// <summary>What a validated token grants, read from its (unmapped) claims.</summary>
public sealed record TokenGrant(string Role, string TokenId, IReadOnlySet<string> Checkpoints, DateTimeOffset Expires)
{
    /// <summary>The grant of <paramref name="principal"/>; null when it carries no role or no token id.</summary>
    public static TokenGrant? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var role = principal.FindFirst(TokenClaims.Role)?.Value;
        var tokenId = principal.FindFirst(TokenClaims.TokenId)?.Value;
        if (role is null || tokenId is null)
        {
            return null;
        }
        var checkpoints = principal.FindAll(TokenClaims.Checkpoints).Select(static c => c.Value).ToHashSet(StringComparer.Ordinal);
        var expires = long.TryParse(principal.FindFirst(TokenClaims.Expires)?.Value, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : DateTimeOffset.MaxValue;
        return new TokenGrant(role, tokenId, checkpoints, expires);
    }

    /// <summary>Whether the token lets its holder write to <paramref name="checkpointId"/>.</summary>
    public bool MayWrite(string checkpointId) => Role == TokenRoles.Terminal && Checkpoints.Contains(checkpointId);
}
