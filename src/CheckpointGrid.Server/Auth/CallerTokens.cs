using CheckpointGrid.Security;
using Grpc.Core;

namespace CheckpointGrid.Server.Auth;

/// <summary>The token behind a call, for the checks the role alone cannot make: which checkpoints a terminal may write.</summary>
public sealed class CallerTokens(AuthOptions options, TokenRevocationList revocations, TimeProvider time)
{
    /// <summary>The caller's credential; null in open mode, where every call may write anywhere.</summary>
    internal IngestCredential? Of(ServerCallContext context)
    {
        if (!options.Enabled)
        {
            return null;
        }
        // The authorization policy let the call in, so a token with a role and an id is there; refuse if it is not.
        var grant = TokenGrant.From(context.GetHttpContext().User)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, TokenFailures.Missing));
        return new IngestCredential(grant, revocations, time);
    }
}
