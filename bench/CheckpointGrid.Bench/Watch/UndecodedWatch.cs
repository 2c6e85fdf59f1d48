using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// WatchService.Watch as the dashboards call it: the request encoded as usual, each response only framed by
/// gRPC and looked at for its first byte (a snapshot is field 1 of WatchResponse, tag 0x0A), never parsed.
/// </summary>
internal static class UndecodedWatch
{
    private const byte SnapshotTag = 0x0A;

    public static readonly Method<WatchRequest, WatchFrame> Method = new(
        MethodType.ServerStreaming,
        WatchService.Descriptor.FullName,
        "Watch",
        Marshallers.Create(static request => request.ToByteArray(), WatchRequest.Parser.ParseFrom),
        Marshallers.Create<WatchFrame>(static (_, _) => throw new NotSupportedException("Dashboards only read."), Frame));

    private static WatchFrame Frame(DeserializationContext context)
    {
        var payload = context.PayloadAsReadOnlySequence();
        return !payload.IsEmpty && payload.FirstSpan[0] == SnapshotTag ? WatchFrame.Snapshot : WatchFrame.Other;
    }
}
