namespace CheckpointGrid.Grains.Storage;

/// <summary>A write or clear named a version of a grain's state that is no longer the stored one.</summary>
public sealed class GrainStorageConflictException : Exception
{
    public GrainStorageConflictException()
        : base("The grain's stored state has changed since it was read.")
    {
    }

    public GrainStorageConflictException(string message)
        : base(message)
    {
    }

    public GrainStorageConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static GrainStorageConflictException For(GrainId id, long expected, long stored) =>
        new($"State of grain {id} is at version {stored}, not {expected}.");
}
