namespace CheckpointGrid.Rpc.Client;

/// <summary>Per-call settings: metadata to send, a deadline, a cancellation token, request compression.</summary>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    bool CompressRequest = false,
    CancellationToken CancellationToken = default);
