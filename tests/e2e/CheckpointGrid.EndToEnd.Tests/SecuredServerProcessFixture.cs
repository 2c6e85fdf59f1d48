using CheckpointGrid.Testing.Auth;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>The real server process as it runs beyond loopback: TLS, and bearer tokens verified with <see cref="Keys"/>.</summary>
public sealed class SecuredServerProcessFixture : TlsServerProcessFixture
{
    public TestKeys Keys { get; } = TestKeys.Create();

    protected override IEnumerable<string> MoreSettings() => ["--jwt-key", Keys.PublicKeyPath];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Keys.Dispose();
    }
}
