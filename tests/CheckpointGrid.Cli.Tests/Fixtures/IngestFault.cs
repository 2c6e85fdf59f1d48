namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>What the fake server does wrong at a batch.</summary>
internal enum IngestFault
{
    /// <summary>Drops the connection before committing the batch.</summary>
    AbortBeforeCommit,

    /// <summary>Commits the batch, then drops the connection before its ack (the ack is lost).</summary>
    AbortAfterCommit,

    /// <summary>Loses the terminal's last 100 events before handling the batch (a server restored from a backup), so the batch leaves a gap.</summary>
    LoseLast100,
}
