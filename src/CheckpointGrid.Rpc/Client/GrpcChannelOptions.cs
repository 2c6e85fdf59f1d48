namespace CheckpointGrid.Rpc.Client;

/// <summary>Settings of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted, in bytes; null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>The handler to send through; by default an HTTP/2 <see cref="SocketsHttpHandler"/> owned by the channel.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
