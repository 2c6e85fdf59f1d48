using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CheckpointGrid.Deploy.Tests.Fixtures;

/// <summary>The silo container of the rendered Deployment: its environment, ports, probes and mounts.</summary>
internal sealed class SiloContainer(YamlMappingNode node)
{
    public YamlMappingNode Node { get; } = node;

    /// <summary>Every env entry, in order (name, and the entry itself for value or valueFrom).</summary>
    public IReadOnlyList<YamlMappingNode> EnvEntries => Node.Items("env");

    /// <summary>The literal env values by name (entries with valueFrom are left out).</summary>
    public IReadOnlyDictionary<string, string> Env =>
        EnvEntries.Where(static e => e.At("value") is not null).ToDictionary(static e => e.Text("name")!, static e => e.Text("value")!);

    public string EnvValue(string name) =>
        Env.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"The silo container sets no literal env {name}.");

    public int EnvPort(string name) => int.Parse(EnvValue(name), CultureInfo.InvariantCulture);

    public YamlMappingNode EnvEntry(string name) =>
        EnvEntries.SingleOrDefault(e => e.Text("name") == name) ?? throw new InvalidOperationException($"The silo container sets no env {name}.");

    /// <summary>Container ports by name.</summary>
    public IReadOnlyDictionary<string, int> Ports =>
        Node.Items("ports").ToDictionary(static p => p.Text("name")!, static p => int.Parse(p.Text("containerPort")!, CultureInfo.InvariantCulture));

    public YamlMappingNode Probe(string kind) => Node.At(kind) as YamlMappingNode ?? throw new InvalidOperationException($"The silo container has no {kind}.");

    /// <summary>The mount whose path holds <paramref name="path"/> (the longest such mount path).</summary>
    public YamlMappingNode? MountHolding(string path) =>
        Node.Items("volumeMounts")
            .Where(m => path == m.Text("mountPath") || path.StartsWith(m.Text("mountPath")!.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(static m => m.Text("mountPath")!.Length);
}
