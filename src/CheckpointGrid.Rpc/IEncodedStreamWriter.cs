namespace CheckpointGrid.Rpc;

/// <summary>
/// A response stream that also takes messages already serialized: for a server that sends the same
/// bytes to many streams (e.g. one published value to every watcher), so that it encodes them once.
/// </summary>
public interface IEncodedStreamWriter
{
    /// <summary>Writes one message given as its protobuf encoding, which the caller vouches is a valid message of the stream's type.</summary>
    Task WriteEncodedAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
