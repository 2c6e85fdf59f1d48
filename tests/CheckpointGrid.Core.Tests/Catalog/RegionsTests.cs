using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Core.Tests.Catalog;

/// <summary>Regions are Panama's provinces and comarcas, matched exactly as written, accents included.</summary>
public class RegionsTests
{
    [Fact]
    public void Panama_has_ten_provinces_and_six_comarcas()
    {
        Assert.Equal(10, Regions.Provinces.Count);
        Assert.Equal(6, Regions.Comarcas.Count);
        Assert.Equal(16, Regions.All.Count);
        Assert.Equal(16, Regions.All.Distinct().Count());
    }

    [Theory]
    [InlineData("Darién")]
    [InlineData("Guna Yala")]
    [InlineData("Emberá-Wounaan")]
    [InlineData("Ngäbe-Buglé")]
    [InlineData("Naso Tjër Di")]
    [InlineData("Kuna de Madugandí")]
    [InlineData("Kuna de Wargandí")]
    [InlineData("Panamá Oeste")]
    [InlineData("Bocas del Toro")]
    public void Known_regions_parse(string name) => Assert.Equal(name, RegionName.Parse(name).Value);

    [Theory]
    [InlineData("Darien")]
    [InlineData("darién")]
    [InlineData("Panama")]
    [InlineData(" Darién")]
    [InlineData("Atlantis")]
    public void Region_names_match_exactly_with_case_and_accents(string name)
    {
        Assert.False(RegionName.TryParse(name, out _));
        var error = Assert.Throws<FormatException>(() => RegionName.Parse(name));
        Assert.StartsWith($"'{name}' is not a region of Panama; known: Bocas del Toro, Chiriquí,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decomposed_accent_is_not_the_same_name()
    {
        var decomposed = "Darie\u0301n";

        Assert.False(RegionName.TryParse(decomposed, out _));
    }
}
