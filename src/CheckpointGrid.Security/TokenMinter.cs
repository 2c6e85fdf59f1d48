using CheckpointGrid.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Security;

/// <summary>Signs CheckpointGrid tokens with an ES256 private key: the only place tokens are made (CLI and tests alike).</summary>
public sealed class TokenMinter(ECDsaSecurityKey signingKey, TimeProvider? time = null)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly SigningCredentials _credentials = new(
        signingKey ?? throw new ArgumentNullException(nameof(signingKey)), SecurityAlgorithms.EcdsaSha256);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// The errors of <paramref name="request"/>, each naming what is wrong: an unknown role, a terminal without
    /// checkpoints, a viewer or admin with some, a malformed checkpoint id, a lifetime out of range.
    /// </summary>
    public static IEnumerable<string> Validate(TokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TokenRoles.IsKnown(request.Role))
        {
            yield return $"role '{request.Role}' is not one of {string.Join(", ", TokenRoles.All)}.";
        }
        else if (request.Role == TokenRoles.Terminal && request.Checkpoints.Count == 0)
        {
            yield return "a terminal token needs at least one checkpoint: the checkpoints it may write to.";
        }
        else if (request.Role != TokenRoles.Terminal && request.Checkpoints.Count > 0)
        {
            yield return $"a {request.Role} token takes no checkpoints: only terminal tokens are limited to checkpoints.";
        }
        foreach (var checkpoint in request.Checkpoints)
        {
            if (!CheckpointId.IsValid(checkpoint))
            {
                yield return $"checkpoint '{checkpoint}' is not a checkpoint id (1-32 characters of A-Z, 0-9 and '-', e.g. PA-DAR-SVC).";
            }
        }
        if (request.Lifetime <= TimeSpan.Zero || request.Lifetime > TokenLifetime.Max)
        {
            yield return $"lifetime {request.Lifetime} is not between 0 and {TokenLifetime.Max.TotalDays:0} days.";
        }
        if (string.IsNullOrWhiteSpace(request.Issuer))
        {
            yield return "issuer is empty.";
        }
        if (string.IsNullOrWhiteSpace(request.Audience))
        {
            yield return "audience is empty.";
        }
    }

    /// <summary>Signs a token for <paramref name="request"/>; throws <see cref="ArgumentException"/> listing what <see cref="Validate"/> refuses.</summary>
    public MintedToken Mint(TokenRequest request)
    {
        var errors = Validate(request).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(request));
        }
        var notBefore = request.NotBefore ?? _time.GetUtcNow();
        // Whole seconds, as the JWT carries them: the expiry reported is the one the server will enforce.
        notBefore = DateTimeOffset.FromUnixTimeSeconds(notBefore.ToUnixTimeSeconds());
        var expires = notBefore + request.Lifetime;
        var tokenId = (request.TokenId ?? Guid.CreateVersion7(notBefore)).ToString();
        var claims = new Dictionary<string, object>
        {
            [TokenClaims.Role] = request.Role,
            [TokenClaims.Subject] = request.Subject ?? request.Role,
            [TokenClaims.TokenId] = tokenId,
        };
        if (request.Checkpoints.Count > 0)
        {
            claims[TokenClaims.Checkpoints] = request.Checkpoints.Distinct(StringComparer.Ordinal).ToArray();
        }
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = request.Issuer,
            Audience = request.Audience,
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
        return new MintedToken(token, tokenId, expires);
    }
}
