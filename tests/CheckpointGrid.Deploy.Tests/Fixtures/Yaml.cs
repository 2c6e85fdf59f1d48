using YamlDotNet.RepresentationModel;

namespace CheckpointGrid.Deploy.Tests.Fixtures;

/// <summary>Reading a rendered manifest's YAML by path; a missing node is null, never an exception.</summary>
internal static class Yaml
{
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>The scalar at <paramref name="path"/>, or null.</summary>
    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    /// <summary>The mappings of the sequence at <paramref name="path"/>; empty when there is none.</summary>
    public static IReadOnlyList<YamlMappingNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlMappingNode>()] : [];

    /// <summary>The scalars of the sequence at <paramref name="path"/>; empty when there is none.</summary>
    public static IReadOnlyList<string> Texts(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlScalarNode>().Select(static s => s.Value ?? "")] : [];

    /// <summary>The string-to-string mapping at <paramref name="path"/> (labels, selectors); empty when there is none.</summary>
    public static IReadOnlyDictionary<string, string> Map(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(static e => ((YamlScalarNode)e.Key).Value!, static e => (e.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();
}
