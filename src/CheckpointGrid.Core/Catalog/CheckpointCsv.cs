using System.Globalization;
using System.Text.RegularExpressions;
using CheckpointGrid.Contracts.V1;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Core.Catalog;

/// <summary>Reads a catalog in the shape of checkpoints.csv: a header row, then one checkpoint per row.</summary>
public static partial class CheckpointCsv
{
    /// <summary>The columns read, by header name; others are ignored.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["id", "name", "kind", "region", "lat", "lon", "shelter_capacity", "coordinates_note", "source_note"];

    /// <summary>Reads every row, in file order; a <see cref="FormatException"/> names the line and the field of the first bad row.</summary>
    public static IReadOnlyList<Checkpoint> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = CsvReader.ReadAll(reader);
        if (records.Count == 0)
        {
            throw new FormatException("the catalog has no header row");
        }

        var columns = ColumnIndexes(records[0].Fields);
        var checkpoints = new List<Checkpoint>(records.Count - 1);
        var ids = new HashSet<CheckpointId>();
        for (var i = 1; i < records.Count; i++)
        {
            var (line, fields) = records[i];
            if (fields.Length != records[0].Fields.Length)
            {
                throw new FormatException($"line {line}: {fields.Length} fields where the header has {records[0].Fields.Length}");
            }

            var proto = ToProto(line, fields, columns);
            if (!CheckpointValidator.TryCreate(proto, out var checkpoint, out var error))
            {
                throw new FormatException($"line {line}: {error}");
            }

            if (!ids.Add(checkpoint.Id))
            {
                throw new FormatException($"line {line}: id: '{checkpoint.Id}' appears twice");
            }

            checkpoints.Add(checkpoint);
        }

        return checkpoints;
    }

    private static int[] ColumnIndexes(string[] header)
    {
        var indexes = new int[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            indexes[c] = Array.IndexOf(header, Columns[c]);
            if (indexes[c] < 0)
            {
                throw new FormatException($"line 1: the header lacks the column \"{Columns[c]}\"");
            }
        }

        return indexes;
    }

    private static ProtoCheckpoint ToProto(int line, string[] fields, int[] columns)
    {
        string Field(int column) => fields[columns[column]].Trim();

        var proto = new ProtoCheckpoint
        {
            Id = Field(0),
            Name = Field(1),
            Kind = ParseKind(line, Field(2)),
            Region = Field(3),
            State = ClosedNote().IsMatch(Field(8)) ? CheckpointState.Closed : CheckpointState.Active,
            Notes = Field(8),
        };
        if (Field(4).Length > 0 || Field(5).Length > 0)
        {
            proto.Location = new GeoPoint { Latitude = ParseDouble(line, "lat", Field(4)), Longitude = ParseDouble(line, "lon", Field(5)), Note = Field(7) };
        }

        if (Field(6).Length > 0)
        {
            proto.ShelterCapacity = uint.TryParse(Field(6), NumberStyles.None, CultureInfo.InvariantCulture, out var capacity)
                ? capacity
                : throw new FormatException($"line {line}: shelter_capacity: '{Field(6)}' is not a whole number");
        }

        return proto;
    }

    private static CheckpointKind ParseKind(int line, string kind) => kind switch
    {
        "reception_station" => CheckpointKind.ReceptionStation,
        "community_reception_point" => CheckpointKind.CommunityReceptionPoint,
        "transit_hub" => CheckpointKind.TransitHub,
        "sea_port" => CheckpointKind.SeaPort,
        "land_border" => CheckpointKind.LandBorder,
        "airport" => CheckpointKind.Airport,
        _ => throw new FormatException($"line {line}: kind: '{kind}' is not one of reception_station, community_reception_point, transit_hub, sea_port, land_border, airport"),
    };

    private static double ParseDouble(int line, string column, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {line}: {column}: '{text}' is not a number");

    /// <summary>The file has no state column; its source notes say "closed 2025-05-14" or "closed 2025" of checkpoints no longer operating.</summary>
    [GeneratedRegex(@"\bclosed \d{4}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClosedNote();
}
