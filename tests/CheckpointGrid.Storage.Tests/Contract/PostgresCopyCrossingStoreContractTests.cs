using CheckpointGrid.Storage.Postgres;
using CheckpointGrid.Storage.Tests.Postgres;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The PostgreSQL store writing its events by binary COPY (the measured alternative to the default INSERT) against the same contract.</summary>
public sealed class PostgresCopyCrossingStoreContractTests(PostgresServer server) : PostgresCrossingStoreContractTests(server)
{
    private protected override PostgresEventWrite EventWrite => PostgresEventWrite.Copy;
}
