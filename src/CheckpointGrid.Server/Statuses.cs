using CheckpointGrid.Core.Validation;
using Grpc.Core;

namespace CheckpointGrid.Server;

/// <summary>The gRPC statuses for the domain's refusals.</summary>
public static class Statuses
{
    public static RpcException Invalid(ValidationError error) => new(new Status(StatusCode.InvalidArgument, error.ToString()));
}
