using CheckpointGrid.Abstractions.Operations;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using SiloStatus = Orleans.Runtime.SiloStatus;

namespace CheckpointGrid.Server.Operations;

/// <summary>The status's messages from Orleans' membership entries and the silos' snapshots.</summary>
internal static class ClusterStatusProto
{
    public static Contracts.V1.SiloStatus Silo(MembershipEntry member, SiloSnapshot? snapshot, string error, DateTimeOffset now)
    {
        var started = new DateTimeOffset(DateTime.SpecifyKind(member.StartTime, DateTimeKind.Utc));
        var silo = new Contracts.V1.SiloStatus
        {
            Address = member.SiloAddress.ToParsableString(),
            Name = member.SiloName ?? "",
            HostName = member.HostName ?? "",
            State = State(member.Status),
            StartedAt = Timestamp.FromDateTimeOffset(started),
            ServerVersion = snapshot?.ServerVersion ?? "",
            Error = error,
        };
        if (member.Status != SiloStatus.Dead && now > started)
        {
            silo.Uptime = Duration.FromTimeSpan(now - started);
        }
        if (snapshot is not null)
        {
            silo.Counts = Sum([snapshot]);
        }
        return silo;
    }

    /// <summary>The snapshots summed (those missing left out), grains and roll-up updates by type in name order.</summary>
    public static SiloCounts Sum(IEnumerable<SiloSnapshot?> snapshots)
    {
        var counts = new SiloCounts();
        var grains = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var rollups = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            if (snapshot is null)
            {
                continue;
            }
            counts.IngestEventsPerSecond += snapshot.IngestEventsPerSecond;
            counts.EventsAccepted += (ulong)Math.Max(0, snapshot.EventsAccepted);
            counts.OpenIngestStreams += (ulong)Math.Max(0, snapshot.OpenIngestStreams);
            counts.Watchers += (ulong)Math.Max(0, snapshot.Watchers);
            foreach (var (type, active) in snapshot.ActiveGrains)
            {
                grains[type] = grains.GetValueOrDefault(type) + active;
            }
            foreach (var (type, updates) in snapshot.RollupUpdates)
            {
                rollups[type] = rollups.GetValueOrDefault(type) + updates;
            }
        }
        foreach (var (type, active) in grains)
        {
            counts.ActiveGrains.Add(new GrainTypeCount { GrainType = type, Activations = (ulong)Math.Max(0, active) });
        }
        foreach (var (type, updates) in rollups)
        {
            counts.RollupUpdates.Add(new RollupUpdateCount { GrainType = type, Updates = (ulong)Math.Max(0, updates) });
        }
        return counts;
    }

    private static SiloState State(SiloStatus status) => status switch
    {
        SiloStatus.Created => SiloState.Created,
        SiloStatus.Joining => SiloState.Joining,
        SiloStatus.Active => SiloState.Active,
        SiloStatus.ShuttingDown => SiloState.ShuttingDown,
        SiloStatus.Stopping => SiloState.Stopping,
        SiloStatus.Dead => SiloState.Dead,
        _ => SiloState.Unspecified,
    };
}
