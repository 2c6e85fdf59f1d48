using Microsoft.Extensions.Options;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>Refuses SQLite store options the store cannot work with, at start.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    private const string Section = SqliteStoreOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        List<string>? failures = null;
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            (failures ??= []).Add($"{Section}:DataDirectory must be set.");
        }
        if (string.IsNullOrWhiteSpace(options.FileName) || options.FileName.IndexOfAny(['/', '\\']) >= 0 || options.FileName is "." or "..")
        {
            (failures ??= []).Add($"{Section}:FileName must be a plain file name, without folders.");
        }
        if (!Enum.IsDefined(options.Synchronous))
        {
            (failures ??= []).Add($"{Section}:Synchronous must be Full or Normal.");
        }
        if (options.MaxBatchesPerTransaction is < 1 or > 65_536)
        {
            (failures ??= []).Add($"{Section}:MaxBatchesPerTransaction must be 1 to 65536.");
        }
        if (options.QueueCapacity is < 1 or > 1_048_576)
        {
            (failures ??= []).Add($"{Section}:QueueCapacity must be 1 to 1048576.");
        }
        if (options.WalCheckpointPages is < 1000 or > 1_048_576)
        {
            (failures ??= []).Add($"{Section}:WalCheckpointPages must be 1000 to 1048576.");
        }
        if (options.BusyTimeout < TimeSpan.FromSeconds(1) || options.BusyTimeout > TimeSpan.FromHours(1))
        {
            (failures ??= []).Add($"{Section}:BusyTimeout must be 1 second to 1 hour.");
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
