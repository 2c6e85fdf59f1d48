using System.CommandLine;
using CheckpointGrid.Cli.Agent;
using CheckpointGrid.Cli.Channels;
using CheckpointGrid.Cli.Outbox;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Commands;

/// <summary>Options several commands take: the server, agent tuning, logging.</summary>
internal static class SharedOptions
{
    public const string DefaultServer = "http://127.0.0.1:50051";

    /// <summary>--server ADDRESS[,ADDRESS…]: the server, or several servers of one cluster (comma-separated or the option repeated).</summary>
    public static Option<IReadOnlyList<Uri>> Servers() => new("--server")
    {
        Description = "The CheckpointGrid server's gRPC address (h2c for http://, TLS for https://); several servers of one cluster comma-separated or repeated: work spreads over them and moves to the next when one fails.",
        DefaultValueFactory = _ => [new Uri(DefaultServer)],
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result =>
        {
            var servers = new List<Uri>();
            foreach (var text in result.Tokens.SelectMany(static token => token.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    servers.Add(uri);
                    continue;
                }

                result.AddError($"--server: '{text}' is not an http:// or https:// address.");
                return null;
            }

            if (servers.Count == 0)
            {
                servers.Add(new Uri(DefaultServer));
            }

            return servers;
        },
    };

    /// <summary>--ca FILE: the PEM CA certificate(s) an https:// server's certificate must chain to, instead of the system's.</summary>
    public static Option<ServerTrust> Ca() => new("--ca")
    {
        Description = "PEM file of the CA certificate(s) that issued the server's certificate (a private CA); default: the system's trusted CAs.",
        DefaultValueFactory = _ => ServerTrust.System,
        CustomParser = result =>
        {
            var path = result.Tokens[0].Value;
            try
            {
                return ServerTrust.FromPemFile(path);
            }
            catch (IOException error)
            {
                result.AddError(error.Message);
                return null;
            }
        },
    };

    public static Option<LogLevel> LogLevel() => new("--log-level")
    {
        Description = "Least severe log level shown on stderr: Trace, Debug, Information, Warning, Error.",
        DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Information,
    };

    public static Option<double> StatusInterval() => new("--status-interval")
    {
        Description = "Seconds between status lines on stderr (recorded / sent / acked / rejected, rate, backlog).",
        DefaultValueFactory = _ => 5,
    };

    public static Option<int> MaxBatchEvents() => new("--max-batch-events")
    {
        Description = "Most events per batch (the server's max_batch_events caps it further).",
        DefaultValueFactory = _ => 500,
    };

    public static Option<int> MaxBatchBytes() => new("--max-batch-bytes")
    {
        Description = "Most bytes of events per batch.",
        DefaultValueFactory = _ => 1 << 20,
    };

    public static Option<int> MaxInFlight() => new("--max-in-flight")
    {
        Description = "Batches sent and not yet acknowledged, at most.",
        DefaultValueFactory = _ => 4,
    };

    public static Option<double> MaxBackoff() => new("--max-backoff")
    {
        Description = "Longest wait in seconds between reconnect attempts (exponential from 0.25 s, with jitter).",
        DefaultValueFactory = _ => 30,
    };

    public static Option<double> AckTimeout() => new("--ack-timeout")
    {
        Description = "Seconds the server may take to answer a stream's open or ack a batch before the stream is taken for dead and the agent reconnects (to the next server, given several).",
        DefaultValueFactory = _ => 60,
    };

    public static Option<bool> NoSync() => new("--no-sync")
    {
        Description = "Don't wait for the disk on each outbox commit (SQLite synchronous=NORMAL): faster, but a power cut may lose the last events.",
    };

    /// <summary>The agent tuning options, added to a command together.</summary>
    public sealed class Tuning
    {
        private readonly Option<int> _maxBatchEvents = MaxBatchEvents();
        private readonly Option<int> _maxBatchBytes = MaxBatchBytes();
        private readonly Option<int> _maxInFlight = MaxInFlight();
        private readonly Option<double> _maxBackoff = MaxBackoff();
        private readonly Option<double> _ackTimeout = AckTimeout();
        private readonly Option<bool> _noSync = NoSync();

        public void AddTo(Command command)
        {
            command.Options.Add(_maxBatchEvents);
            command.Options.Add(_maxBatchBytes);
            command.Options.Add(_maxInFlight);
            command.Options.Add(_maxBackoff);
            command.Options.Add(_ackTimeout);
            command.Options.Add(_noSync);
        }

        public TerminalAgentOptions AgentOptions(ParseResult parse)
        {
            var options = new TerminalAgentOptions
            {
                MaxBatchEvents = parse.GetValue(_maxBatchEvents),
                MaxBatchBytes = parse.GetValue(_maxBatchBytes),
                MaxBatchesInFlight = parse.GetValue(_maxInFlight),
                MaxBackoff = TimeSpan.FromSeconds(parse.GetValue(_maxBackoff)),
                AckTimeout = TimeSpan.FromSeconds(parse.GetValue(_ackTimeout)),
                OpenTimeout = TimeSpan.FromSeconds(Math.Min(15, parse.GetValue(_ackTimeout))),
            };
            options.Validate();
            return options;
        }

        public OutboxOptions OutboxOptions(ParseResult parse) => new() { SyncEveryCommit = !parse.GetValue(_noSync) };
    }
}
