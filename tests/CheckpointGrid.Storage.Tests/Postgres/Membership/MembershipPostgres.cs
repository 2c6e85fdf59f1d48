using CheckpointGrid.Storage.Postgres.Membership;
using CheckpointGrid.Testing.Postgres;

namespace CheckpointGrid.Storage.Tests.Postgres.Membership;

/// <summary>One private PostgreSQL server per test class; each test takes a fresh database with the membership schema.</summary>
public sealed class MembershipPostgres : IAsyncLifetime
{
    private PostgresInstance? _server;

    public PostgresInstance Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>A new database on which <see cref="PostgresMembershipSchema.EnsureCreatedAsync"/> has run.</summary>
    public async Task<string> CreateMembershipDatabaseAsync()
    {
        var connectionString = await Server.CreateDatabaseAsync();
        await PostgresMembershipSchema.EnsureCreatedAsync(connectionString, CancellationToken.None);
        return connectionString;
    }

    public async Task InitializeAsync() => _server = await PostgresInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
