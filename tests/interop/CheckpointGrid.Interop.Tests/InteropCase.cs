namespace CheckpointGrid.Interop.Tests;

/// <summary>The standard interop cases every client must pass against our server.</summary>
public static class InteropCase
{
    public static readonly string[] Names =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "status_code_and_message", "special_status_message", "custom_metadata", "cancel_after_begin",
        "cancel_after_first_response", "timeout_on_sleeping_server", "unimplemented_method", "unimplemented_service",
    ];

    public static TheoryData<string> All => [.. Names];
}
