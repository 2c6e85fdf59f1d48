using Microsoft.Extensions.Options;
using Npgsql;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>Refuses PostgreSQL store options the store cannot work with, at start, naming the setting.</summary>
internal sealed class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>
{
    private const string Section = PostgresStoreOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options)
    {
        List<string>? failures = null;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            (failures ??= []).Add($"{Section}:ConnectionString must be set (an Npgsql connection string, e.g. \"Host=db;Username=grid;Password=...;Database=checkpointgrid\").");
        }
        else if (ParseError(options.ConnectionString) is { } error)
        {
            (failures ??= []).Add($"{Section}:ConnectionString is not a valid Npgsql connection string: {error}");
        }
        if (options.IdleInTransactionTimeout < TimeSpan.FromSeconds(1) || options.IdleInTransactionTimeout > TimeSpan.FromSeconds(300))
        {
            (failures ??= []).Add($"{Section}:IdleInTransactionTimeout must be 1 to 300 seconds.");
        }
        if (options.MaxBatchesPerTransaction is < 1 or > 65_536)
        {
            (failures ??= []).Add($"{Section}:MaxBatchesPerTransaction must be 1 to 65536.");
        }
        if (options.QueueCapacity is < 1 or > 1_048_576)
        {
            (failures ??= []).Add($"{Section}:QueueCapacity must be 1 to 1048576.");
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ParseError(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "it names no Host." : null;
        }
        catch (ArgumentException exception)
        {
            // The message names the keyword or value at fault; never echo the string itself (it may hold a password).
            return exception.Message;
        }
    }
}
