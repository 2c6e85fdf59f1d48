using System.Globalization;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Commands;

/// <summary>Prints a cluster status as a table: a heading line, one row per silo, and the totals.</summary>
internal static class StatusPrinter
{
    private static readonly string[] Columns = ["silo", "state", "uptime", "version", "events/s", "events", "streams", "watchers", "grains", "roll-up updates"];

    public static void Write(GetClusterStatusResponse status, TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture,
            $"health {status.Health}  version {status.ServerVersion}  answered by {status.AnsweredBy}  at {status.ServerTime?.ToDateTimeOffset():u}"));
        List<string[]> rows = [Columns];
        foreach (var silo in status.Silos)
        {
            string[] identity = [silo.Address, State(silo.State), Uptime(silo.Uptime), silo.ServerVersion];
            rows.Add(silo.Counts is null ? [.. identity, silo.Error, "", "", "", "", ""] : [.. identity, .. Numbers(silo.Counts)]);
        }
        var answering = status.Silos.Count(s => s.Counts is not null);
        rows.Add([string.Create(culture, $"total ({answering} of {status.Silos.Count} silos)"), "", "", "", .. Numbers(status.Totals ?? new SiloCounts())]);

        var widths = new int[Columns.Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (var row in rows)
        {
            // A silo's error spans the number columns; the last column is never padded.
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 || cell.Length > widths[i] ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string[] Numbers(SiloCounts counts)
    {
        var culture = CultureInfo.InvariantCulture;
        var grains = counts.ActiveGrains.Count == 0 ? "-" : string.Join(", ", counts.ActiveGrains.Select(g => string.Create(culture, $"{g.GrainType} {g.Activations}")));
        var rollups = counts.RollupUpdates.Count == 0 ? "-" : string.Join(", ", counts.RollupUpdates.Select(r => string.Create(culture, $"{r.GrainType} {r.Updates}")));
        return
        [
            counts.IngestEventsPerSecond.ToString("0.0", culture),
            counts.EventsAccepted.ToString(culture),
            counts.OpenIngestStreams.ToString(culture),
            counts.Watchers.ToString(culture),
            grains,
            rollups,
        ];
    }

    private static string State(SiloState state) => state switch
    {
        SiloState.Created => "created",
        SiloState.Joining => "joining",
        SiloState.Active => "active",
        SiloState.ShuttingDown => "shutting-down",
        SiloState.Stopping => "stopping",
        SiloState.Dead => "dead",
        _ => "unknown",
    };

    private static string Uptime(Google.Protobuf.WellKnownTypes.Duration? uptime)
    {
        if (uptime is null)
        {
            return "-";
        }
        var span = uptime.ToTimeSpan();
        return span.Days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Days}d {span:hh\\:mm\\:ss}")
            : span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }
}
