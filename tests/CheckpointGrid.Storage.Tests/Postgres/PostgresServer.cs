using CheckpointGrid.Testing.Postgres;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>One private PostgreSQL server for a test class (<c>IClassFixture</c>); each test takes a database of its own.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public PostgresInstance Instance { get; private set; } = null!;

    public async Task InitializeAsync() => Instance = await PostgresInstance.StartAsync();

    public async Task DisposeAsync() => await Instance.DisposeAsync();

    /// <summary>Options for a new empty database on this server.</summary>
    public async Task<PostgresStoreOptions> NewDatabaseAsync() => new() { ConnectionString = await Instance.CreateDatabaseAsync() };
}
