using CheckpointGrid.Contracts.V1;
using Grpc.Core;

namespace CheckpointGrid.Server.Web;

/// <summary>The scope of a page's request in its URL query: one of "national", "region=NAME" or "checkpoint_id=ID".</summary>
internal static class ScopeParameter
{
    /// <summary>
    /// Whether <paramref name="key"/> names a scope; if so, <paramref name="scope"/> becomes it, and a second one is
    /// INVALID_ARGUMENT (<paramref name="usage"/> says what the query should be).
    /// </summary>
    public static bool TryTake(string key, string value, ref Scope? scope, string usage)
    {
        Scope? named = key switch
        {
            "national" => new Scope { National = new() },
            "region" => new Scope { Region = value },
            "checkpoint_id" => new Scope { CheckpointId = value },
            _ => null,
        };
        if (named is null)
        {
            return false;
        }
        scope = scope is null ? named : throw Invalid($"'{key}' is a second scope: {usage}.");
        return true;
    }

    /// <summary>INVALID_ARGUMENT saying <paramref name="detail"/>, as the gRPC call with the same request would answer.</summary>
    public static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));
}
