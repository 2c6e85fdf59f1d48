namespace CheckpointGrid.Rpc;

/// <summary>A call that ended with a non-OK status; thrown by handlers to answer with that status, and by the client.</summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status, Metadata? trailers = null)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? [];
    }

    public RpcException(StatusCode code, string detail)
        : this(new Status(code, detail))
    {
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers sent with the status (server) or received with it (client).</summary>
    public Metadata Trailers { get; }
}
