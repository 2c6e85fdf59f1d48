namespace CheckpointGrid.Grains;

/// <summary>Why an activation is being deactivated. Later members outrank earlier ones when requests coincide.</summary>
public enum DeactivationReason
{
    /// <summary>No call for the configured idle age and nothing keeps it alive.</summary>
    IdleTimeout,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle</c>.</summary>
    Requested,

    /// <summary>The host is stopping the grain runtime.</summary>
    RuntimeStopping,
}
