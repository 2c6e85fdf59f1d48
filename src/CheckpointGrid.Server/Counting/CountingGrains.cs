using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Grains;

namespace CheckpointGrid.Server.Counting;

/// <summary>How the counting grains are keyed: one per checkpoint, one per region, one for the nation.</summary>
public static class CountingGrains
{
    private const string NationKey = "PA";

    public static GrainRef<CheckpointGrain> Checkpoint(this IGrainFactory grains, CheckpointId id) => grains.GetGrain<CheckpointGrain>(id.Value);

    public static GrainRef<RegionGrain> Region(this IGrainFactory grains, RegionName region) => grains.GetGrain<RegionGrain>(region.Value);

    public static GrainRef<NationalGrain> Nation(this IGrainFactory grains) => grains.GetGrain<NationalGrain>(NationKey);

    /// <summary>Calls the grain that holds a scope's counts: its checkpoint's, its region's or the nation's. The scope must name a known target (see ScopeResolver.Check).</summary>
    public static Task<TResult> CallAsync<TState, TResult>(this IGrainFactory grains, Scope scope, Func<CountingGrain, TState, Task<TResult>> call, TState state) =>
        scope.TargetCase switch
        {
            Scope.TargetOneofCase.CheckpointId => grains.Checkpoint(CheckpointId.Parse(scope.CheckpointId)).CallAsync<TState, TResult>(call, state),
            Scope.TargetOneofCase.Region => grains.Region(RegionName.Parse(scope.Region)).CallAsync<TState, TResult>(call, state),
            _ => grains.Nation().CallAsync<TState, TResult>(call, state),
        };

    /// <inheritdoc cref="CallAsync{TState, TResult}(IGrainFactory, Scope, Func{CountingGrain, TState, Task{TResult}}, TState)"/>
    public static Task CallAsync<TState>(this IGrainFactory grains, Scope scope, Func<CountingGrain, TState, Task> call, TState state) =>
        scope.TargetCase switch
        {
            Scope.TargetOneofCase.CheckpointId => grains.Checkpoint(CheckpointId.Parse(scope.CheckpointId)).CallAsync<TState>(call, state),
            Scope.TargetOneofCase.Region => grains.Region(RegionName.Parse(scope.Region)).CallAsync<TState>(call, state),
            _ => grains.Nation().CallAsync<TState>(call, state),
        };
}
