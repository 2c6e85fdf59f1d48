namespace CheckpointGrid.Storage.Postgres;

/// <summary>How a group's events reach the events table.</summary>
internal enum PostgresEventWrite
{
    /// <summary>One binary COPY of every event of the group.</summary>
    Copy,

    /// <summary>One INSERT ... SELECT FROM unnest(arrays), sent in the same round trip as the counts.</summary>
    Insert,
}
