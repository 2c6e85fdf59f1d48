using Microsoft.Extensions.Options;

namespace CheckpointGrid.Grains;

/// <summary>Refuses grain options the collector cannot work with, at start.</summary>
internal sealed class GrainOptionsValidator : IValidateOptions<GrainOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainOptions options)
    {
        List<string>? failures = null;
        if (options.IdleAge <= TimeSpan.Zero)
        {
            (failures ??= []).Add("Grains:IdleAge must be positive.");
        }
        if (options.CollectionInterval <= TimeSpan.Zero || options.CollectionInterval > options.IdleAge)
        {
            (failures ??= []).Add("Grains:CollectionInterval must be positive and no longer than Grains:IdleAge.");
        }
        if (options.DeactivationTimeout <= TimeSpan.Zero)
        {
            (failures ??= []).Add("Grains:DeactivationTimeout must be positive.");
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
