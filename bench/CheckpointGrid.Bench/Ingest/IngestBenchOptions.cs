using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>The <c>ingest</c> command's options, validated: every loop the bench runs is bounded by them.</summary>
internal sealed record IngestBenchOptions
{
    public const int MaxSeconds = 60;
    public const int MaxRuns = 10;
    public const int MaxTerminals = 64;
    public const int MaxInFlight = 64;
    public const int MaxRate = 10_000_000;

    /// <summary>The paced rate of an A/B comparison unless --rate says otherwise: the issue's, ack p50/p99 at 50,000 events/s.</summary>
    public const int ComparedRate = 50_000;

    /// <summary>Measured seconds per phase, after <see cref="Warmup"/>.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unrecorded load before each phase's window: the streams reach their steady state.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int Runs { get; init; } = 3;

    public int Terminals { get; init; } = 16;

    /// <summary>HTTP/2 connections the terminals share round-robin; by default one per terminal, as real terminals are separate machines.</summary>
    public int? Connections { get; init; }

    /// <summary>Batches each terminal keeps in flight in the saturation phases, one phase per value.</summary>
    public IReadOnlyList<int> InFlight { get; init; } = [1, 2, 4];

    /// <summary>
    /// Events per second of the paced phase, all terminals together; null for half the run's best saturation rate
    /// (with a baseline, <see cref="ComparedRate"/>: both servers must get the same load).
    /// </summary>
    public int? Rate { get; init; }

    /// <summary>Another build of the server to compare with, run by run (A/B); null to measure this tree's alone.</summary>
    public ServerBuild? Baseline { get; init; }

    public int ConnectionCount => Connections ?? Terminals;

    /// <summary>The builds each run measures: this tree's, then the baseline if any.</summary>
    public IReadOnlyList<ServerBuild> Builds => Baseline is null ? [ServerBuild.Current] : [ServerBuild.Current, Baseline];

    public static IngestBenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = BenchArguments.Apply(args, new IngestBenchOptions(), static (options, name, value) => name switch
        {
            "--seconds" => options with { Duration = TimeSpan.FromSeconds(BenchArguments.ParseInt(name, value, 1, MaxSeconds)) },
            "--runs" => options with { Runs = BenchArguments.ParseInt(name, value, 1, MaxRuns) },
            "--terminals" => options with { Terminals = BenchArguments.ParseInt(name, value, 1, MaxTerminals) },
            "--connections" => options with { Connections = BenchArguments.ParseInt(name, value, 1, MaxTerminals) },
            "--in-flight" => options with { InFlight = ParseInFlight(value) },
            "--rate" => options with { Rate = BenchArguments.ParseInt(name, value, 1, MaxRate) },
            "--baseline" => options with { Baseline = ServerBuild.Baseline(value) },
            _ => throw new ArgumentException($"Unknown option '{name}'."),
        });
        if (options.Connections > options.Terminals)
        {
            throw new ArgumentException("--connections can't exceed --terminals (each terminal uses one connection).");
        }
        return options.Baseline is not null && options.Rate is null ? options with { Rate = ComparedRate } : options;
    }

    private static List<int> ParseInFlight(string value)
    {
        var levels = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var level = BenchArguments.ParseInt("--in-flight", part, 1, MaxInFlight);
            if (!levels.Contains(level))
            {
                levels.Add(level);
            }
        }
        if (levels.Count == 0)
        {
            throw new ArgumentException("--in-flight needs at least one value, e.g. 1,2,4.");
        }
        return levels;
    }
}
