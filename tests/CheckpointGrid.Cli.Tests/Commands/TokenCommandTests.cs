using System.CommandLine;
using CheckpointGrid.Cli.Commands;
using CheckpointGrid.Cli.Tests.Fixtures;
using CheckpointGrid.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CheckpointGrid.Cli.Tests.Commands;

/// <summary>`token keygen` and `token issue`: key files a server loads, tokens it accepts, and refusals that say why.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Keygen_then_issue_prints_a_token_alone_on_stdout_that_the_public_key_verifies()
    {
        var name = Path.Combine(_directory.Path, "ops");
        Assert.Equal(0, (await RunAsync($"token keygen --out {name}")).ExitCode);

        var (exitCode, output, error) = await RunAsync(
            $"token issue --signing-key {name}.key --role terminal --checkpoint PA-DAR-SVC --checkpoint PA-DAR-LJB --expires 30d --subject svc-laptop-1");

        Assert.Equal(0, exitCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode($"{name}.key"));
        }
        var token = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(
            token, TokenValidation.Parameters(EcKeyFiles.LoadVerificationKeys($"{name}.pub"), TokenDefaults.Issuer, TokenDefaults.Audience));
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("terminal", jwt.GetClaim("role").Value);
        Assert.Equal(["PA-DAR-SVC", "PA-DAR-LJB"], jwt.Claims.Where(c => c.Type == "checkpoints").Select(c => c.Value));
        Assert.Equal("svc-laptop-1", jwt.Subject);
        Assert.Contains($"jti: {jwt.Id}", error, StringComparison.Ordinal);
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddDays(30).AddMinutes(-1), DateTime.UtcNow.AddDays(30).AddMinutes(1));
        Assert.Contains($"expires: {jwt.ValidTo:yyyy-MM-ddTHH:mm:ssZ}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--role terminal --expires 30d", "at least one checkpoint")]
    [InlineData("--role viewer --checkpoint PA-DAR-SVC --expires 30d", "takes no checkpoints")]
    [InlineData("--role terminal --checkpoint pa-dar-svc --expires 30d", "'pa-dar-svc' is not a checkpoint id")]
    [InlineData("--role admin --expires 30w", "--expires: '30w'")]
    [InlineData("--role root --expires 30d", "root")]
    public async Task Bad_issue_requests_are_refused_saying_why(string arguments, string reason)
    {
        var name = Path.Combine(_directory.Path, "ops");
        await RunAsync($"token keygen --out {name}");

        var (exitCode, output, error) = await RunAsync($"token issue --signing-key {name}.key {arguments}");

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("eyJ", output, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_with_a_public_key_as_signing_key_names_the_file()
    {
        var name = Path.Combine(_directory.Path, "ops");
        await RunAsync($"token keygen --out {name}");

        var (exitCode, _, error) = await RunAsync($"token issue --signing-key {name}.pub --role admin --expires 1h");

        Assert.Equal(1, exitCode);
        Assert.Contains($"{name}.pub", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string line)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliCommands.Create().Parse(line).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
