using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Kestrel's listeners (gRPC, web, and the health port when on); once bound they hold the actual ports (a configured 0 becomes a free port).</summary>
internal sealed class ServerEndpoints
{
    public ListenOptions? Grpc { get; set; }

    public ListenOptions? Web { get; set; }

    /// <summary>The cleartext health port's listener; null when Server:HealthPort is 0.</summary>
    public ListenOptions? Health { get; set; }
}
