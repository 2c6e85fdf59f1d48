using System.ComponentModel.DataAnnotations;

namespace CheckpointGrid.Server.Grpc;

/// <summary>Limits of the gRPC services (configuration section "Grpc").</summary>
public sealed class GrpcLimitsOptions
{
    public const string Section = "Grpc";

    /// <summary>The largest request message the server takes, in bytes; a larger one ends the call with RESOURCE_EXHAUSTED.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;
}
