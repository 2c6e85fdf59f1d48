using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Rpc;

/// <summary>
/// A server to load and the channels that load it: one <see cref="GrpcChannel"/> per connection
/// (each channel owns its handler, so its own HTTP/2 connection), shared round-robin by the workers.
/// </summary>
internal sealed class LoadTarget : IAsyncDisposable
{
    private readonly ServerProcess? _server;

    private LoadTarget(string name, Uri address, int? pid, ServerProcess? server, int connections)
    {
        Name = name;
        Address = address;
        Pid = pid;
        _server = server;
        Channels = new GrpcChannel[connections];
        for (var i = 0; i < connections; i++)
        {
            Channels[i] = new GrpcChannel(address);
        }
    }

    public string Name { get; }

    public Uri Address { get; }

    /// <summary>The server's process, for its CPU time and peak RSS; null when not known.</summary>
    public int? Pid { get; }

    public GrpcChannel[] Channels { get; }

    public string Description => _server?.ToString() ?? $"{Name} (external{(Pid is { } pid ? $", pid {pid}" : "")})";

    /// <summary>Whatever the server printed while under load (a quiet server prints nothing).</summary>
    public string? UnexpectedOutput => _server is { UnexpectedLines: > 0 } s ? s.RecentOutput : null;

    public static async Task<LoadTarget> StartAsync(ServerKind kind, int connections)
    {
        var (server, address) = await ServerLauncher.StartAsync(kind);
        return new LoadTarget(server.Name, address, server.Pid, server, connections);
    }

    public static LoadTarget External(Uri address, int? pid, int connections) => new("ours", address, pid, null, connections);

    /// <summary>Kills a server this target started; safe from a signal handler.</summary>
    public void KillServer() => _server?.Kill();

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in Channels)
        {
            channel.Dispose();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
