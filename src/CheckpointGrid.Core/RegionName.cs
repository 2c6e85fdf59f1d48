using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Core;

/// <summary>The name of a province or comarca of Panama, exactly as written in the catalog (case and accents matter).</summary>
public readonly record struct RegionName
{
    private readonly string? _value;

    internal RegionName(string value) => _value = value;

    /// <summary>The name as text; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses a name, throwing <see cref="FormatException"/> that lists the known regions when it is not one.</summary>
    public static RegionName Parse(string? text) =>
        TryParse(text, out var name) ? name : throw new FormatException(Regions.NotARegion(text));

    /// <summary>Finds the region with exactly this name; false when Panama has none.</summary>
    public static bool TryParse(string? text, out RegionName name) => Regions.TryFind(text, out name);

    /// <summary>The name as text.</summary>
    public override string ToString() => Value;
}
