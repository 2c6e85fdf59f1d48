namespace CheckpointGrid.Deploy.Tests.Fixtures;

/// <summary>Every overlay under k8s/overlays, rendered once for a test class.</summary>
public sealed class Overlays : IAsyncLifetime
{
    /// <summary>The overlays' names: every directory under k8s/overlays (a test checks).</summary>
    public static readonly string[] All = ["dev", "prod"];

    /// <summary>The overlays' names, for theories.</summary>
    public static TheoryData<string> Names => new(All);

    private readonly Dictionary<string, RenderedOverlay> _rendered = [];

    internal RenderedOverlay this[string name] => _rendered[name];

    public async Task InitializeAsync()
    {
        foreach (var name in All)
        {
            _rendered[name] = await RenderedOverlay.RenderAsync(name);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
