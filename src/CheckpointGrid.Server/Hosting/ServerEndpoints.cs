using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Kestrel's two listeners; once bound they hold the actual ports (a configured 0 becomes a free port).</summary>
internal sealed class ServerEndpoints
{
    public ListenOptions? Grpc { get; set; }

    public ListenOptions? Web { get; set; }
}
