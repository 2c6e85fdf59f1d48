namespace CheckpointGrid.Rpc.Client;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Ends the request stream: the server reads its end after the last message.</summary>
    Task CompleteAsync();
}
