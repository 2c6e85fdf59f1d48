namespace CheckpointGrid.Storage;

/// <summary>
/// A batch's transaction failed in PostgreSQL (the database restarting or unreachable, the connection lost): the
/// batch is not acknowledged. Its outcome is unknown only if the failure hit the COMMIT; resending it is safe either
/// way, since a batch that did commit is refused for its version. <see cref="Exception.InnerException"/> is Npgsql's.
/// </summary>
public sealed class PostgresCommitException : Exception
{
    public PostgresCommitException()
        : this("The PostgreSQL transaction holding the batch failed; the batch was not acknowledged and may be resent.")
    {
    }

    public PostgresCommitException(string message)
        : base(message)
    {
    }

    public PostgresCommitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal PostgresCommitException(Exception cause)
        : this($"The PostgreSQL transaction holding the batch failed ({cause.GetType().Name}: {cause.Message}); the batch was not acknowledged and may be resent.", cause)
    {
    }
}
