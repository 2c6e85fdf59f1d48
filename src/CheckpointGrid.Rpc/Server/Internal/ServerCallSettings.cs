using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>
/// What every call handler of a server shares. <c>ServerStopping</c> is linked into every call's
/// token, so long streams end when the host stops instead of holding up its shutdown.
/// </summary>
internal sealed record ServerCallSettings(GrpcServerOptions Options, TimeProvider Time, ILogger Logger, CancellationToken ServerStopping);
