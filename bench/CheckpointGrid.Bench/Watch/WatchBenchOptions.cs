using System.Globalization;

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

    public static WatchBenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new WatchBenchOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }
            var value = args[i + 1];
            options = name switch
            {
                "--watchers" => options with { Watchers = ParseInt(name, value, 1, MaxWatchers) },
                "--runs" => options with { Runs = ParseInt(name, value, 1, 10) },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(ParseInt(name, value, 1, 60)) },
                "--terminals" => options with { Terminals = ParseInt(name, value, 1, 64) },
                "--rate" => options with { Rate = ParseInt(name, value, 1, 1_000_000) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        return options;
    }

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}; got '{value}'.");
}
