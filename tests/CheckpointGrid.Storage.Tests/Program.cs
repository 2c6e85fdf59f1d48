using CheckpointGrid.Storage.Tests.Programs;

// Not the tests' entry (the test host loads this assembly itself): the child programs the tests and a developer run.
return args switch
{
    ["crash-writer", var dataDirectory, var synchronous] => await CrashWriterProgram.RunAsync(dataDirectory, Enum.Parse<CheckpointGrid.Storage.SqliteSynchronous>(synchronous)),
    ["throughput", .. var rest] => await ThroughputProgram.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CheckpointGrid.Storage.Tests crash-writer <data-dir> <Full|Normal> | throughput [--seconds N] [--committers N] [--batch N] [--wal-pages N] [--uuid7] [--postgres]");
    return 2;
}
