using System.Diagnostics;
using CheckpointGrid.Testing;
using YamlDotNet.RepresentationModel;

namespace CheckpointGrid.Deploy.Tests.Fixtures;

/// <summary>An overlay of k8s/overlays as `kubectl kustomize` renders it, and the silos' pod in it.</summary>
internal sealed class RenderedOverlay
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private RenderedOverlay(string name, IReadOnlyList<Manifest> manifests)
    {
        Name = name;
        Manifests = manifests;
        Silos = Single("Deployment", "checkpointgrid-silo");
        Silo = new SiloContainer(Silos.Node.Items("spec", "template", "spec", "containers").Single(static c => c.Text("name") == "silo"));
    }

    public string Name { get; }

    /// <summary>The overlay's directory, k8s/overlays/{name}.</summary>
    public string Directory => RepositoryPaths.Combine("k8s", "overlays", Name);

    public IReadOnlyList<Manifest> Manifests { get; }

    /// <summary>The silos' Deployment.</summary>
    public Manifest Silos { get; }

    /// <summary>The silos' pod spec.</summary>
    public YamlNode PodSpec => Silos.Node.At("spec", "template", "spec")!;

    /// <summary>The silos' pod labels.</summary>
    public IReadOnlyDictionary<string, string> PodLabels => Silos.Node.Map("spec", "template", "metadata", "labels");

    public SiloContainer Silo { get; }

    public Manifest Single(string kind, string name) =>
        Manifests.SingleOrDefault(m => m.Kind == kind && m.Name == name)
        ?? throw new InvalidOperationException($"Overlay {Name} renders no {kind}/{name}; it renders {string.Join(", ", Manifests)}.");

    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    /// <summary>Renders k8s/overlays/{name} with kubectl's own kustomize.</summary>
    public static async Task<RenderedOverlay> RenderAsync(string name)
    {
        var text = await KustomizeAsync(RepositoryPaths.Combine("k8s", "overlays", name));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var manifests = stream.Documents
            .Select(static d => (YamlMappingNode)d.RootNode)
            .Select(static n => new Manifest(n.Text("kind")!, n.Text("metadata", "name")!, n))
            .ToList();
        return new RenderedOverlay(name, manifests);
    }

    private static async Task<string> KustomizeAsync(string directory)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} exited with {process.ExitCode}: {await errors}");
        }
        return await output;
    }
}
