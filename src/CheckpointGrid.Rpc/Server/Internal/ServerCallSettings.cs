using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>
/// What every call handler of a server shares. <c>ServerStopping</c> (cancelled a grace period
/// after the host starts stopping) is linked into every call's token, so long streams end
/// instead of holding up the shutdown.
/// </summary>
internal sealed record ServerCallSettings(GrpcServerOptions Options, TimeProvider Time, ILogger Logger, CancellationToken ServerStopping);
