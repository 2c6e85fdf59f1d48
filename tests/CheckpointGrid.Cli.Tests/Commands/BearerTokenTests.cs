using System.CommandLine;
using System.Net;
using CheckpointGrid.Cli.Commands;
using CheckpointGrid.Cli.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Tests.Commands;

/// <summary>Commands that call the server send the token given (--token, --token-file) as a bearer token, over h2c too, and print a refusal's status and message.</summary>
public sealed class BearerTokenTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TaskCompletionSource<string> _authorization = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _server = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listener = listen;
        }));
        _server = builder.Build();
        // Any call: note its authorization header and refuse it as a server requiring tokens would.
        _server.Run(context =>
        {
            _authorization.TrySetResult(context.Request.Headers.Authorization.ToString());
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "16";
            context.Response.Headers["grpc-message"] = "the bearer token has been revoked.";
            return Task.CompletedTask;
        });
        await _server.StartAsync();
        _address = new Uri($"http://127.0.0.1:{listener!.IPEndPoint!.Port}");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("query national --token abc.def.ghi")]
    [InlineData("query national --token-file {file}")]
    [InlineData("watch national --token abc.def.ghi")]
    public async Task Token_goes_as_a_bearer_header_and_a_refusal_is_printed(string arguments)
    {
        var file = Path.Combine(_directory.Path, "token");
        await File.WriteAllTextAsync(file, "abc.def.ghi\n");
        var error = new StringWriter();

        var exitCode = await CliCommands.Create().Parse($"{arguments.Replace("{file}", file, StringComparison.Ordinal)} --server {_address}")
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal("Bearer abc.def.ghi", await _authorization.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, exitCode);
        Assert.Contains("Unauthenticated: the bearer token has been revoked.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_and_token_file_together_are_an_error()
    {
        var file = Path.Combine(_directory.Path, "token");
        File.WriteAllText(file, "b");

        var result = CliCommands.Create().Parse($"query national --token a --token-file {file}");

        Assert.Contains(result.Errors, e => e.Message.Contains("--token and --token-file", StringComparison.Ordinal));
    }
}
