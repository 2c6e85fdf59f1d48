namespace CheckpointGrid.Bench.Cluster;

/// <summary>The <c>cluster</c> command's options, validated: every loop the bench runs is bounded by them.</summary>
internal sealed record ClusterBenchOptions
{
    public const int MaxSilos = 5;
    public const int MaxTrials = 10;

    /// <summary>Cluster sizes to measure ingestion with, each run measuring every size, the order rotated run by run.</summary>
    public IReadOnlyList<int> Silos { get; init; } = [1, 3];

    public int Runs { get; init; } = 3;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int Terminals { get; init; } = 16;

    public IReadOnlyList<int> InFlight { get; init; } = [1, 2, 4];

    /// <summary>The paced phases' rates (events/s, all terminals), one phase each: ack latency, and the nation's load at each.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [10_000, 20_000];

    /// <summary>Fail-over trials per way of failing (kill -9, SIGSTOP) on a 3-silo cluster; 0 for none.</summary>
    public int FailoverTrials { get; init; } = 5;

    /// <summary>Whether to measure ingestion (the load runs) at all; false for the fail-over trials alone.</summary>
    public bool Load { get; init; } = true;

    /// <summary>postgresql.conf settings for the private PostgreSQL beyond its defaults (--pg name=value, repeatable).</summary>
    public IReadOnlyDictionary<string, string> PostgresSettings { get; init; } = new Dictionary<string, string>();

    public static ClusterBenchOptions Parse(ReadOnlySpan<string> args) =>
        BenchArguments.Apply(args, new ClusterBenchOptions(), static (options, name, value) => name switch
        {
            "--silos" => options with { Silos = ParseList(name, value, 1, MaxSilos) },
            "--runs" => options with { Runs = BenchArguments.ParseInt(name, value, 1, Ingest.IngestBenchOptions.MaxRuns) },
            "--seconds" => options with { Duration = TimeSpan.FromSeconds(BenchArguments.ParseInt(name, value, 1, Ingest.IngestBenchOptions.MaxSeconds)) },
            "--terminals" => options with { Terminals = BenchArguments.ParseInt(name, value, 1, Ingest.IngestBenchOptions.MaxTerminals) },
            "--in-flight" => options with { InFlight = ParseList(name, value, 1, Ingest.IngestBenchOptions.MaxInFlight) },
            "--rates" => options with { Rates = ParseList(name, value, 1, Ingest.IngestBenchOptions.MaxRate) },
            "--failover-trials" => options with { FailoverTrials = BenchArguments.ParseInt(name, value, 0, MaxTrials) },
            "--pg" => options with { PostgresSettings = WithSetting(options.PostgresSettings, value) },
            "--load" => options with { Load = value is "true" ? true : value is "false" ? false : throw new ArgumentException("--load must be true or false.") },
            _ => throw new ArgumentException($"Unknown option '{name}'."),
        });

    private static Dictionary<string, string> WithSetting(IReadOnlyDictionary<string, string> settings, string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1)
        {
            throw new ArgumentException($"--pg takes name=value (a postgresql.conf setting), not '{value}'.");
        }
        return new Dictionary<string, string>(settings) { [value[..equals]] = value[(equals + 1)..] };
    }

    private static List<int> ParseList(string name, string value, int min, int max)
    {
        var list = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var number = BenchArguments.ParseInt(name, part, min, max);
            if (!list.Contains(number))
            {
                list.Add(number);
            }
        }
        return list.Count > 0 ? list : throw new ArgumentException($"{name} needs at least one value.");
    }
}
