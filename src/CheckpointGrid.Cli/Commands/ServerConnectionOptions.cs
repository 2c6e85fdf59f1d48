using System.CommandLine;
using CheckpointGrid.Cli.Channels;

namespace CheckpointGrid.Cli.Commands;

/// <summary>
/// How a command reaches the server, added to it as one group: --server (one address, or several servers of one
/// cluster), --ca (the CA their certificates must chain to) and the bearer token (--token, --token-file or CHECKPOINTGRID_TOKEN).
/// </summary>
internal sealed class ServerConnectionOptions
{
    private readonly Option<IReadOnlyList<Uri>> _servers = SharedOptions.Servers();
    private readonly Option<ServerTrust> _ca = SharedOptions.Ca();
    private readonly TokenOptions _token = new();

    public void AddTo(Command command)
    {
        command.Options.Add(_servers);
        command.Options.Add(_ca);
        _token.AddTo(command);
    }

    /// <summary>The servers named, in order (at least one).</summary>
    public IReadOnlyList<Uri> Servers(ParseResult parse) => parse.GetValue(_servers)!;

    public ServerTrust Trust(ParseResult parse) => parse.GetValue(_ca)!;

    public string? BearerToken(ParseResult parse) => _token.Value(parse);

    /// <summary>The servers the options name, trusting and sending what they say.</summary>
    public ServerPool Open(ParseResult parse) => ServerPool.For(Servers(parse), Trust(parse), BearerToken(parse));
}
