namespace CheckpointGrid.Rpc;

/// <summary>The four kinds of gRPC call, by which side streams.</summary>
public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}
