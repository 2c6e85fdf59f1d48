using CheckpointGrid.Abstractions.Watch;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// A scope's values as its grain published them: their encoding, made once by the grain however many silos and
/// watchers send it, and the message itself, decoded only when a transport needs it (the dashboard's JSON).
/// </summary>
public sealed class PublishedScope(ScopeUpdate update)
{
    private ScopeCounts? _counts;

    public ScopeCounts Counts => _counts ??= ScopeCounts.Parser.ParseFrom(update.Encoded);

    public ByteString Encoded { get; } = UnsafeByteOperations.UnsafeWrap(update.Encoded);

    public ulong Version => update.Version;
}
