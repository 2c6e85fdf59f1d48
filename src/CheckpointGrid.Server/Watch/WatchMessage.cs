using System.Buffers;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

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
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes <see cref="Encode"/>'s bytes as a gRPC response message: straight into grpc-dotnet's buffer, with no
    /// array of its own per message and watcher (an all_checkpoints update is tens of kilobytes).
    /// </summary>
    public void WriteTo(SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Kind == WatchResponse.PayloadOneofCase.Heartbeat)
        {
            context.Complete(ToResponse().ToByteArray());
            return;
        }
        context.SetPayloadLength(EncodedLength());
        WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    // WatchResponse.snapshot (1) or .update (2), holding WatchSnapshot.scopes (1) or WatchUpdate.changed (1).
    private uint OuterTag => WireFormat.MakeTag(
        Kind == WatchResponse.PayloadOneofCase.Snapshot ? WatchResponse.SnapshotFieldNumber : WatchResponse.UpdateFieldNumber,
        WireFormat.WireType.LengthDelimited);

    private static uint EntryTag => WireFormat.MakeTag(WatchSnapshot.ScopesFieldNumber, WireFormat.WireType.LengthDelimited);

    private int InnerLength()
    {
        var inner = 0;
        foreach (var scope in Scopes)
        {
            inner += CodedOutputStream.ComputeRawVarint32Size(EntryTag) + CodedOutputStream.ComputeBytesSize(scope.Encoded);
        }
        return inner;
    }

    private int EncodedLength()
    {
        var inner = InnerLength();
        return CodedOutputStream.ComputeRawVarint32Size(OuterTag) + CodedOutputStream.ComputeLengthSize(inner) + inner;
    }

    private void WriteTo(IBufferWriter<byte> writer)
    {
        if (Kind == WatchResponse.PayloadOneofCase.Heartbeat)
        {
            writer.Write(ToResponse().ToByteArray());
            return;
        }
        Span<byte> head = stackalloc byte[2 * MaxVarint32Length];
        writer.Write(head[..TagAndLength(head, OuterTag, (uint)InnerLength())]);
        foreach (var scope in Scopes)
        {
            writer.Write(head[..TagAndLength(head, EntryTag, (uint)scope.Encoded.Length)]);
            writer.Write(scope.Encoded.Span);
        }
    }

    private const int MaxVarint32Length = 5;

    /// <summary>Writes a tag and a length as protobuf varints; returns how many bytes that took.</summary>
    private static int TagAndLength(Span<byte> destination, uint tag, uint length)
    {
        var written = Varint(destination, tag);
        return written + Varint(destination[written..], length);
    }

    private static int Varint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }
}
