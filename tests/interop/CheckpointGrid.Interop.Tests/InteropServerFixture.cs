using CheckpointGrid.Testing;

namespace CheckpointGrid.Interop.Tests;

/// <summary>The interop test server as a real process on 127.0.0.1 and a free port, shared by a test class.</summary>
public sealed class InteropServerFixture : IAsyncLifetime
{
    private ChildProcess? _server;

    public int Port { get; private set; }

    public string ServerOutput => _server?.Output ?? "";

    public async Task InitializeAsync()
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "CheckpointGrid.Interop.Server");
        _server = ChildProcess.Start(executable, ["--port", "0", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"]);
        var listening = await _server.WaitForLineAsync(@"Now listening on: http://127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(60));
        Port = int.Parse(listening.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
