using System.Globalization;

namespace CheckpointGrid.Bench.Grains;

/// <summary>Options of the <c>grains</c> command, bounded so every run ends by itself.</summary>
internal sealed record GrainBenchOptions(int Seconds, int Runs, int Grains, int Concurrency)
{
    public static GrainBenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new GrainBenchOptions(Seconds: 3, Runs: 3, Grains: 1000, Concurrency: 32);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = Bounded(value, 1, 60, "--seconds") },
                "--runs" => options with { Runs = Bounded(value, 1, 10, "--runs") },
                "--grains" => options with { Grains = Bounded(value, 1, 100_000, "--grains") },
                "--concurrency" => options with { Concurrency = Bounded(value, 1, 256, "--concurrency") },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }

    private static int Bounded(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{name} must be {min}-{max}");
}
