using Grpc.Core;

namespace CheckpointGrid.Cli.Channels;

/// <summary>Channel credentials that put a bearer token on every call (grpc-dotnet's CallCredentials).</summary>
internal static class BearerCredentials
{
    /// <summary>Credentials for a channel to <paramref name="address"/>; null (none) without a token.</summary>
    public static ChannelCredentials? For(Uri address, string? bearerToken)
    {
        if (bearerToken is null)
        {
            return null;
        }
        var header = $"Bearer {bearerToken}";
        var call = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", header);
            return Task.CompletedTask;
        });
        var transport = address.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        return ChannelCredentials.Create(transport, call);
    }
}
