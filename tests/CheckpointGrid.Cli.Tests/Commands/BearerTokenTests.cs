using Microsoft.AspNetCore.Builder;
using CheckpointGrid.Cli.Commands;
using CheckpointGrid.Cli.Tests.Fixtures;

namespace CheckpointGrid.Cli.Tests.Commands;

/// <summary>Commands that call the server send the token given (--token, --token-file) as a bearer token, over h2c too, and print a refusal's status and message.</summary>
public sealed class BearerTokenTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TaskCompletionSource<string> _authorization = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackGrpcHost _server = null!;

    // Any call: note its authorization header and refuse it as a server requiring tokens would.
    public async Task InitializeAsync() => _server = await LoopbackGrpcHost.StartAsync(_ => { }, app => ((IApplicationBuilder)app).Run(context =>
    {
        _authorization.TrySetResult(context.Request.Headers.Authorization.ToString());
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "16";
        context.Response.Headers["grpc-message"] = "the bearer token has been revoked.";
        return Task.CompletedTask;
    }));

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

        var (exitCode, _, error) = await _server.RunCliAsync(arguments.Replace("{file}", file, StringComparison.Ordinal));

        Assert.Equal("Bearer abc.def.ghi", await _authorization.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, exitCode);
        Assert.Contains("Unauthenticated: the bearer token has been revoked.", error, StringComparison.Ordinal);
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
