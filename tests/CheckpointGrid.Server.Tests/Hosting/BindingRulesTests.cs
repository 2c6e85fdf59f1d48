using CheckpointGrid.Server.Hosting;
using CheckpointGrid.Testing.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Tests.Hosting;

/// <summary>
/// Where the server may listen: an open server on loopback only; beyond loopback with bearer tokens, and with TLS unless
/// --allow-plaintext says a TLS-terminating proxy is in front. (Tests bind loopback only: the accepted cases are checked
/// on the options, the refused ones on a real start, which stops before binding.)
/// </summary>
public sealed class BindingRulesTests
{
    [Fact]
    public void Open_server_beyond_loopback_stops_the_start_asking_for_tokens()
    {
        var error = StartFails("--bind", "0.0.0.0");

        Assert.Contains("Server:BindAddress (--bind) 0.0.0.0 is not a loopback address", error.Message, StringComparison.Ordinal);
        Assert.Contains("without bearer tokens (--jwt-key)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_without_TLS_beyond_loopback_stop_the_start_asking_for_TLS_or_allow_plaintext()
    {
        using var keys = TestKeys.Create();

        var error = StartFails("--bind", "0.0.0.0", "--jwt-key", keys.PublicKeyPath);

        Assert.Contains("--tls-cert and --tls-key", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-plaintext", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", false, false, false, false)]
    [InlineData("::1", false, true, false, false)]
    [InlineData("0.0.0.0", true, true, false, false)]
    [InlineData("10.1.2.3", true, false, true, true)]
    public void Accepted_combinations(string bind, bool tokens, bool tls, bool allowPlaintext, bool plaintextBeyondLoopback)
    {
        var options = new ServerOptions { BindAddress = bind, AllowPlaintext = allowPlaintext };

        Assert.Empty(options.Validate(tokens, tls));
        Assert.Equal(plaintextBeyondLoopback, options.ServesPlaintextBeyondLoopback(tls));
    }

    private static OptionsValidationException StartFails(params string[] settings)
    {
        string[] args = ["--port", "0", "--http-port", "0", .. settings];
        return Assert.Throws<OptionsValidationException>(() => WebApplication.CreateSlimBuilder(args).AddCheckpointGridServer(args));
    }
}
