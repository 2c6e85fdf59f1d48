using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Auth;
using CheckpointGrid.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CheckpointGrid.Server.Admin;

/// <summary>checkpointgrid.v1.AdminService: token revocation, into the store first, then into this silo's list at once.</summary>
public sealed class AdminService(ITokenRevocationStore store, TokenRevocationList revocations, TimeProvider time, ILogger<AdminService> logger)
    : Contracts.V1.AdminService.AdminServiceBase
{
    public override async Task<RevokeTokenResponse> RevokeToken(RevokeTokenRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var revocation = Validate(request, time.GetUtcNow());
        var (inForce, added) = await store.RevokeTokenAsync(revocation, context.CancellationToken);
        revocations.Add(inForce.TokenId);
        if (added)
        {
            AuthLog.Revoked(logger, inForce.TokenId, inForce.Reason);
        }
        return new RevokeTokenResponse { Revoked = ToProto(inForce), AlreadyRevoked = !added };
    }

    public override async Task<ListRevokedTokensResponse> ListRevokedTokens(ListRevokedTokensRequest request, ServerCallContext context)
    {
        var response = new ListRevokedTokensResponse();
        foreach (var revocation in await store.LoadRevocationsAsync(context.CancellationToken))
        {
            response.Tokens.Add(ToProto(revocation));
        }
        return response;
    }

    private static TokenRevocation Validate(RevokeTokenRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.TokenId))
        {
            throw Invalid("token_id: required (the token's jti, which `checkpointgrid token issue` prints).");
        }
        if (request.TokenId.Length > TokenRevocation.MaxTokenIdLength)
        {
            throw Invalid($"token_id: {request.TokenId.Length} characters; at most {TokenRevocation.MaxTokenIdLength}.");
        }
        if (request.Reason.Length > TokenRevocation.MaxReasonLength)
        {
            throw Invalid($"reason: {request.Reason.Length} characters; at most {TokenRevocation.MaxReasonLength}.");
        }
        DateTimeOffset? forgetAfter = null;
        if (request.ForgetAfter is { } forget)
        {
            if (forget.Seconds is < -62135596800 or > 253402300799 || forget.Nanos is < 0 or > 999_999_999)
            {
                throw Invalid("forget_after: not a valid timestamp (years 1-9999, nanos 0-999999999).");
            }
            forgetAfter = forget.ToDateTimeOffset();
        }
        return new TokenRevocation(request.TokenId, request.Reason, now, forgetAfter);
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static RevokedToken ToProto(TokenRevocation revocation) => new()
    {
        TokenId = revocation.TokenId,
        Reason = revocation.Reason,
        RevokedAt = Timestamp.FromDateTimeOffset(revocation.RevokedAt),
        ForgetAfter = revocation.ForgetAfter is { } forget ? Timestamp.FromDateTimeOffset(forget) : null,
    };
}
