using System.Net;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Rpc;

/// <summary>The <c>rpc</c> command's options, validated: every loop the bench runs is bounded by them.</summary>
internal sealed record RpcBenchOptions
{
    public const int MaxSeconds = 60;
    public const int MaxConnections = 64;
    public const int MaxConcurrency = 256;
    public const int MaxRuns = 10;

    private static readonly string[] ScenarioKinds = ["unary", "server-streaming", "client-streaming", "ping-pong"];

    /// <summary>A running server to load; null to start our interop server.</summary>
    public Uri? Target { get; init; }

    public int? ServerPid { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public int Connections { get; init; } = 1;

    public int Concurrency { get; init; } = 32;

    public int Runs { get; init; } = 1;

    public ServerKind? Peer { get; init; }

    /// <summary>The scenario kinds to run; empty for all.</summary>
    public IReadOnlySet<string> Scenarios { get; init; } = new HashSet<string>();

    public static RpcBenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = BenchArguments.Apply(args, new RpcBenchOptions(), static (options, name, value) => name switch
        {
            "--target" => options with { Target = ParseTarget(value) },
            "--server-pid" => options with { ServerPid = BenchArguments.ParseInt(name, value, 1, int.MaxValue) },
            "--seconds" => options with { Duration = TimeSpan.FromSeconds(BenchArguments.ParseInt(name, value, 1, MaxSeconds)) },
            "--connections" => options with { Connections = BenchArguments.ParseInt(name, value, 1, MaxConnections) },
            "--concurrency" => options with { Concurrency = BenchArguments.ParseInt(name, value, 1, MaxConcurrency) },
            "--runs" => options with { Runs = BenchArguments.ParseInt(name, value, 1, MaxRuns) },
            "--peer" => options with { Peer = ParsePeer(value) },
            "--scenarios" => options with { Scenarios = ParseScenarios(value) },
            _ => throw new ArgumentException($"Unknown option '{name}'."),
        });
        if (options.ServerPid is not null && options.Target is null)
        {
            throw new ArgumentException("--server-pid goes with --target.");
        }
        return options;
    }

    private static Uri ParseTarget(string value)
    {
        // Load goes to this machine only: a loopback address, never anything routable.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"--target '{value}' is not an http:// address.");
        }
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback)
        {
            throw new ArgumentException($"--target '{value}' is not a loopback address; the bench loads this machine only.");
        }
        return uri;
    }


    private static ServerKind ParsePeer(string value) => value switch
    {
        "node" => ServerKind.Node,
        "python" => ServerKind.Python,
        _ => throw new ArgumentException($"--peer must be node or python, not '{value}'."),
    };

    private static HashSet<string> ParseScenarios(string value)
    {
        var kinds = new HashSet<string>(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (var kind in kinds)
        {
            if (Array.IndexOf(ScenarioKinds, kind) < 0)
            {
                throw new ArgumentException($"Unknown scenario '{kind}'; known: {string.Join(", ", ScenarioKinds)}.");
            }
        }
        return kinds;
    }
}
