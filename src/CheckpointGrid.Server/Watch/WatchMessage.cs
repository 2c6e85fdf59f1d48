using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// One message of a watch stream as its session decides it: a snapshot or an update of published scopes,
/// or a heartbeat. Each transport renders it its own way: gRPC from the scopes' ready encodings, the
/// dashboard's event stream as JSON.
/// </summary>
public sealed class WatchMessage
{
    private WatchMessage(WatchResponse.PayloadOneofCase kind, IReadOnlyList<PublishedScope> scopes, DateTimeOffset serverTime)
    {
        Kind = kind;
        Scopes = scopes;
        ServerTime = serverTime;
    }

    public WatchResponse.PayloadOneofCase Kind { get; }

    /// <summary>The scopes of a snapshot, or those of an update; empty for a heartbeat.</summary>
    public IReadOnlyList<PublishedScope> Scopes { get; }

    /// <summary>When a heartbeat was made.</summary>
    public DateTimeOffset ServerTime { get; }

    public static WatchMessage Snapshot(IReadOnlyList<PublishedScope> scopes) => new(WatchResponse.PayloadOneofCase.Snapshot, scopes, default);

    public static WatchMessage Update(IReadOnlyList<PublishedScope> changed) => new(WatchResponse.PayloadOneofCase.Update, changed, default);

    public static WatchMessage Heartbeat(DateTimeOffset serverTime) => new(WatchResponse.PayloadOneofCase.Heartbeat, [], serverTime);

    public WatchResponse ToResponse()
    {
        switch (Kind)
        {
            case WatchResponse.PayloadOneofCase.Snapshot:
                var snapshot = new WatchSnapshot();
                snapshot.Scopes.AddRange(Scopes.Select(s => s.Counts));
                return new WatchResponse { Snapshot = snapshot };
            case WatchResponse.PayloadOneofCase.Update:
                var update = new WatchUpdate();
                update.Changed.AddRange(Scopes.Select(s => s.Counts));
                return new WatchResponse { Update = update };
            default:
                return new WatchResponse { Heartbeat = new WatchHeartbeat { ServerTime = Timestamp.FromDateTimeOffset(ServerTime) } };
        }
    }

    /// <summary>
    /// The message's protobuf encoding, the same bytes <see cref="ToResponse"/> serializes to, but copied from
    /// the scopes' encodings instead of encoding each again.
    /// </summary>
    public byte[] Encode()
    {
        if (Kind == WatchResponse.PayloadOneofCase.Heartbeat)
        {
            return ToResponse().ToByteArray();
        }
        // WatchResponse.snapshot (1) or .update (2), holding WatchSnapshot.scopes (1) or WatchUpdate.changed (1).
        var outerField = Kind == WatchResponse.PayloadOneofCase.Snapshot ? WatchResponse.SnapshotFieldNumber : WatchResponse.UpdateFieldNumber;
        var entryTag = WireFormat.MakeTag(WatchSnapshot.ScopesFieldNumber, WireFormat.WireType.LengthDelimited);
        var inner = 0;
        foreach (var scope in Scopes)
        {
            inner += CodedOutputStream.ComputeRawVarint32Size(entryTag) + CodedOutputStream.ComputeBytesSize(scope.Encoded);
        }
        var outerTag = WireFormat.MakeTag(outerField, WireFormat.WireType.LengthDelimited);
        var bytes = new byte[CodedOutputStream.ComputeRawVarint32Size(outerTag) + CodedOutputStream.ComputeLengthSize(inner) + inner];
        var output = new CodedOutputStream(bytes);
        output.WriteTag(outerTag);
        output.WriteLength(inner);
        foreach (var scope in Scopes)
        {
            output.WriteTag(entryTag);
            output.WriteBytes(scope.Encoded);
        }
        output.CheckNoSpaceLeft();
        return bytes;
    }
}
