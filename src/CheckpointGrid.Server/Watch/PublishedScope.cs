using CheckpointGrid.Contracts.V1;
using Google.Protobuf;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// A scope's values as its grain published them: the message, never changed again, and its encoding,
/// made once however many watchers send it.
/// </summary>
public sealed class PublishedScope(ScopeCounts counts)
{
    public ScopeCounts Counts => counts;

    public ByteString Encoded { get; } = counts.ToByteString();

    public ulong Version => counts.Version;
}
