using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Activation;

/// <summary>The <c>activation</c> command's options, validated: every loop the bench runs is bounded by them.</summary>
internal sealed record ActivationBenchOptions
{
    public const int MaxEvents = 10_000_000;
    public const int MaxRepeats = 10;

    /// <summary>The checkpoint that gets every event: the first of the default catalog's, in the Darién region.</summary>
    public const string Checkpoint = "PA-DAR-LJB";

    /// <summary>Events stored at <see cref="Checkpoint"/> before the restarts.</summary>
    public int Events { get; init; } = 1_000_000;

    /// <summary>Restarts per data directory, and loads of the checkpoint straight from the store; the summary gives the median.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>
    /// Days the events' occurred_at spread over, ending now. The default, 400, is as many days as a counter keeps
    /// (ScopeCounter.DailyBucketsKept), so the checkpoint has the most counts rows it can have: the activation reads them all.
    /// </summary>
    public int HistoryDays { get; init; } = 400;

    /// <summary>Terminals at <see cref="Checkpoint"/> that stream the events in, each its own Ingest stream.</summary>
    public int Terminals { get; init; } = 4;

    /// <summary>Another build of the server to compare start-up with; null to measure this tree's alone.</summary>
    public ServerBuild? Baseline { get; init; }

    /// <summary>The builds measured: this tree's, then the baseline if any.</summary>
    public IReadOnlyList<ServerBuild> Builds => Baseline is null ? [ServerBuild.Current] : [ServerBuild.Current, Baseline];

    public static ActivationBenchOptions Parse(ReadOnlySpan<string> args) =>
        BenchArguments.Apply(args, new ActivationBenchOptions(), static (options, name, value) => name switch
        {
            "--events" => options with { Events = BenchArguments.ParseInt(name, value, 1_000, MaxEvents) },
            "--history-days" => options with { HistoryDays = BenchArguments.ParseInt(name, value, 1, 3650) },
            "--repeats" => options with { Repeats = BenchArguments.ParseInt(name, value, 1, MaxRepeats) },
            "--terminals" => options with { Terminals = BenchArguments.ParseInt(name, value, 1, 16) },
            "--baseline" => options with { Baseline = ServerBuild.Baseline(value) },
            _ => throw new ArgumentException($"Unknown option '{name}'."),
        });
}
