using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Watch;

/// <summary>The <c>watch</c> command's options, validated: every loop the bench runs is bounded by them.</summary>
internal sealed record WatchBenchOptions
{
    public const int MaxWatchers = 5_000;

    /// <summary>Watch streams connected in the "with watchers" phases.</summary>
    public int Watchers { get; init; } = 1_000;

    public int Runs { get; init; } = 3;

    /// <summary>Measured seconds per phase, after a 2 s warm-up.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public int Terminals { get; init; } = 16;

    /// <summary>Events per second of the latency phase, all terminals together.</summary>
    public int Rate { get; init; } = 50_000;

    /// <summary>Another build of the server to compare with, run by run (A/B); null to measure this tree's alone.</summary>
    public ServerBuild? Baseline { get; init; }

    /// <summary>The builds each run measures: this tree's, then the baseline if any.</summary>
    public IReadOnlyList<ServerBuild> Builds => Baseline is null ? [ServerBuild.Current] : [ServerBuild.Current, Baseline];

    public static WatchBenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = BenchArguments.Apply(args, new WatchBenchOptions(), static (options, name, value) => name switch
        {
            "--watchers" => options with { Watchers = BenchArguments.ParseInt(name, value, 1, MaxWatchers) },
            "--runs" => options with { Runs = BenchArguments.ParseInt(name, value, 1, 10) },
            "--seconds" => options with { Duration = TimeSpan.FromSeconds(BenchArguments.ParseInt(name, value, 1, 60)) },
            "--terminals" => options with { Terminals = BenchArguments.ParseInt(name, value, 1, 64) },
            "--rate" => options with { Rate = BenchArguments.ParseInt(name, value, 1, 1_000_000) },
            "--baseline" => options with { Baseline = ServerBuild.Baseline(value) },
            _ => throw new ArgumentException($"Unknown option '{name}'."),
        });
        return options;
    }
}
