using CheckpointGrid.Security;
using Grpc.Core;

namespace CheckpointGrid.Server.Auth;

/// <summary>A terminal's token on an ingest call: where it may write, and whether it still holds (a stream outlives a check at its start).</summary>
internal sealed class IngestCredential(TokenGrant grant, TokenRevocationList revocations, TimeProvider time)
{
    public string TokenId => grant.TokenId;

    /// <summary>Throws PERMISSION_DENIED naming the checkpoint unless the token lists it.</summary>
    public void CheckMayWrite(string checkpointId, string field)
    {
        if (!grant.MayWrite(checkpointId))
        {
            var listed = grant.Checkpoints.Count == 0 ? "none" : string.Join(", ", grant.Checkpoints.Order(StringComparer.Ordinal));
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"{field}: the token does not list checkpoint '{checkpointId}'; it may write to: {listed}."));
        }
    }

    /// <summary>Throws UNAUTHENTICATED when the token has been revoked or has expired since the call began.</summary>
    public void CheckStillValid()
    {
        if (revocations.IsRevoked(grant.TokenId))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, TokenFailures.Describe(new TokenRevokedException(grant.TokenId))));
        }
        // The same skew JwtBearer allowed at the start of the call.
        if (time.GetUtcNow() > grant.Expires + TokenDefaults.ClockSkew)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"the bearer token expired at {grant.Expires:yyyy-MM-ddTHH:mm:ssZ}."));
        }
    }
}
