using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Grains.Counting;

/// <summary>How a scope is named between grains and watch hubs: "checkpoint/ID", "region/NAME" or "national".</summary>
public static class ScopeKeys
{
    public static string Of(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.TargetCase switch
        {
            Scope.TargetOneofCase.CheckpointId => "checkpoint/" + scope.CheckpointId,
            Scope.TargetOneofCase.Region => "region/" + scope.Region,
            _ => "national",
        };
    }
}
