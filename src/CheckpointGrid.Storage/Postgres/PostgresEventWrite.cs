namespace CheckpointGrid.Storage.Postgres;

/// <summary>How a group's events reach the events table.</summary>
internal enum PostgresEventWrite
{
    /// <summary>One binary COPY of every event of the group, a round trip before the counts' statements.</summary>
    Copy,

    /// <summary>One INSERT ... SELECT FROM unnest(one array per column), sent in the same round trip as the counts' statements (the default).</summary>
    Insert,
}
