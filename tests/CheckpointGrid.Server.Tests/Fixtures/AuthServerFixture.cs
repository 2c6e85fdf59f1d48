using CheckpointGrid.Testing.Auth;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>One server that requires tokens, shared by a test class's tests (the table test would otherwise start dozens).</summary>
public sealed class AuthServerFixture : IAsyncLifetime
{
    public TestKeys Keys { get; } = TestKeys.Create();

    internal GridServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GridServer.StartAsync("--jwt-key", Keys.PublicKeyPath);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Keys.Dispose();
    }
}
