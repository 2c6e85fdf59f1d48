namespace CheckpointGrid.Core.Catalog;

/// <summary>The regions of Panama a checkpoint can belong to: the 10 provinces and the 6 comarcas.</summary>
public static class Regions
{
    /// <summary>The provinces, in alphabetical order.</summary>
    public static IReadOnlyList<RegionName> Provinces { get; } = Names(
        "Bocas del Toro", "Chiriquí", "Coclé", "Colón", "Darién", "Herrera", "Los Santos", "Panamá", "Panamá Oeste", "Veraguas");

    /// <summary>The comarcas (indigenous regions), the three with province rank first.</summary>
    public static IReadOnlyList<RegionName> Comarcas { get; } = Names(
        "Guna Yala", "Emberá-Wounaan", "Ngäbe-Buglé", "Naso Tjër Di", "Kuna de Madugandí", "Kuna de Wargandí");

    /// <summary>Every region: the provinces, then the comarcas.</summary>
    public static IReadOnlyList<RegionName> All { get; } = [.. Provinces, .. Comarcas];

    private static readonly string KnownList = string.Join(", ", All);

    internal static bool TryFind(string? text, out RegionName name)
    {
        foreach (var region in All)
        {
            if (string.Equals(region.Value, text, StringComparison.Ordinal))
            {
                name = region;
                return true;
            }
        }

        name = default;
        return false;
    }

    internal static string NotARegion(string? text) => $"'{text}' is not a region of Panama; known: {KnownList}";

    private static RegionName[] Names(params string[] names)
    {
        var regions = new RegionName[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            regions[i] = new RegionName(names[i]);
        }

        return regions;
    }
}
