using System.CommandLine;
using CheckpointGrid.Cli.Channels;
using Grpc.Net.Client;

namespace CheckpointGrid.Cli.Commands;

/// <summary>
/// How a command reaches the server, added to it as one group: --server, --ca (the CA its certificate must chain to)
/// and the bearer token (--token, --token-file or CHECKPOINTGRID_TOKEN).
/// </summary>
internal sealed class ServerConnectionOptions
{
    private readonly Option<Uri> _server = SharedOptions.Server();
    private readonly Option<ServerTrust> _ca = SharedOptions.Ca();
    private readonly TokenOptions _token = new();

    public void AddTo(Command command)
    {
        command.Options.Add(_server);
        command.Options.Add(_ca);
        _token.AddTo(command);
    }

    public Uri Server(ParseResult parse) => parse.GetValue(_server)!;

    public ServerTrust Trust(ParseResult parse) => parse.GetValue(_ca)!;

    public string? BearerToken(ParseResult parse) => _token.Value(parse);

    /// <summary>A channel to the server the options name, trusting and sending what they say.</summary>
    public GrpcChannel Open(ParseResult parse) => ServerChannel.ForAddress(Server(parse), Trust(parse), BearerToken(parse));
}
