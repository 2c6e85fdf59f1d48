namespace CheckpointGrid.Rpc.Server;

/// <summary>Limits of the gRPC server; bound from configuration section "Grpc".</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, in bytes (after decompression); null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message sent, in bytes; null (the default) for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// How long calls may go on once the host starts stopping before their tokens are cancelled:
    /// time for short calls to finish and for services to say goodbye (health's NOT_SERVING).
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (MaxReceiveMessageSize is <= 0 || MaxSendMessageSize is <= 0)
        {
            throw new InvalidOperationException("Grpc:MaxReceiveMessageSize and Grpc:MaxSendMessageSize must be positive (or unset for no limit).");
        }
        if (ShutdownGracePeriod < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Grpc:ShutdownGracePeriod must not be negative.");
        }
    }
}
