namespace CheckpointGrid.Rpc;

/// <summary>Reads a stream of messages one at a time.</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false when the stream has ended cleanly.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}
