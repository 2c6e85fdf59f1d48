using YamlDotNet.RepresentationModel;

namespace CheckpointGrid.Deploy.Tests.Fixtures;

/// <summary>One object of a rendered overlay.</summary>
internal sealed record Manifest(string Kind, string Name, YamlMappingNode Node)
{
    public override string ToString() => $"{Kind}/{Name}";
}
