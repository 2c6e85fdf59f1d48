using CheckpointGrid.Abstractions.Operations;
using Orleans.Runtime.Services;

namespace CheckpointGrid.Server.Operations;

/// <summary>Reaches the <see cref="ISiloStatusService"/> of a given silo (a grain service is addressed by its silo).</summary>
internal sealed class SiloStatusClient(IServiceProvider services) : GrainServiceClient<ISiloStatusService>(services)
{
    public ISiloStatusService On(SiloAddress silo) => GetGrainService(silo);
}
