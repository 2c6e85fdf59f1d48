using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Core.Tests.Catalog;

/// <summary>Catalog files are read as RFC 4180 CSV, and a bad row is reported with its line and field.</summary>
public class CheckpointCsvTests
{
    private const string Header = "id,name,kind,region,lat,lon,shelter_capacity,coordinates_note,source_note\n";

    [Fact]
    public void Quoted_fields_may_hold_commas_doubled_quotes_and_line_breaks()
    {
        var csv = Header + "PA-X-1,\"Pier \"\"Sur\"\", north\",sea_port,Colón,9.5,-79.3,,town,\"line one,\r\nline two\"\r\n";

        var checkpoint = Assert.Single(CheckpointCsv.Read(new StringReader(csv)));

        Assert.Equal("Pier \"Sur\", north", checkpoint.Name);
        Assert.Equal("line one,\r\nline two", checkpoint.Notes);
    }

    [Fact]
    public void A_row_breaking_a_catalog_rule_names_its_line_and_field()
    {
        var csv = Header + "PA-X-1,Pier,sea_port,Colón,,,,,\nPA-X-2,Pier,sea_port,Atlantis,,,,,\n";

        var error = Assert.Throws<FormatException>(() => CheckpointCsv.Read(new StringReader(csv)));

        Assert.StartsWith("line 3: region: 'Atlantis' is not a region of Panama", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PA-X-1,Pier,harbour,Colón,,,,,", "line 2: kind: 'harbour' is not one of")]
    [InlineData("PA-X-1,Pier,sea_port,Colón,abc,1,,,", "line 2: lat: 'abc' is not a number")]
    [InlineData("PA-X-1,Pier,sea_port,Colón,,,-3,,", "line 2: shelter_capacity: '-3' is not a whole number")]
    [InlineData("PA-X-1,Pier,sea_port,Colón,,,0,,", "line 2: shelter_capacity: must be at least 1")]
    [InlineData("PA-X-1,Pier,sea_port,Colón,,,", "line 2: 7 fields where the header has 9")]
    [InlineData("PA-X-1,\"Pier,sea_port,Colón,,,,,", "line 2: a quoted field is not closed")]
    [InlineData("PA-X-1,\"Pier\"s,sea_port,Colón,,,,,", "line 2: text after the closing quote")]
    public void Malformed_rows_are_refused_with_a_reason(string row, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CheckpointCsv.Read(new StringReader(Header + row + "\n")));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_id_is_refused()
    {
        var csv = Header + "PA-X-1,Pier,sea_port,Colón,,,,,\nPA-X-1,Pier two,sea_port,Colón,,,,,\n";

        var error = Assert.Throws<FormatException>(() => CheckpointCsv.Read(new StringReader(csv)));

        Assert.Equal("line 3: id: 'PA-X-1' appears twice", error.Message);
    }

    [Fact]
    public void A_header_without_a_needed_column_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => CheckpointCsv.Read(new StringReader("id,name,kind\nPA-X-1,Pier,sea_port\n")));

        Assert.Equal("line 1: the header lacks the column \"region\"", error.Message);
    }
}
