namespace CheckpointGrid.Grains;

/// <summary>How the grain runtime collects idle activations; bind from configuration section "Grains".</summary>
public sealed class GrainOptions
{
    /// <summary>How long an activation may go without a call before it is deactivated. Default 15 minutes.</summary>
    public TimeSpan IdleAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations; at most <see cref="IdleAge"/>. Default 1 minute.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long OnDeactivateAsync may run before its cancellation token fires. Default 30 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
