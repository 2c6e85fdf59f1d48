using CheckpointGrid.Cli.Commands;
using CheckpointGrid.Testing.Tls;

namespace CheckpointGrid.Cli.Tests.Channels;

/// <summary>--ca: a PEM file of CA certificates, or a parse error naming the file and what is wrong with it.</summary>
public sealed class ServerTrustTests
{
    [Fact]
    public void Ca_file_with_a_certificate_parses_for_every_command_that_talks_to_the_server()
    {
        using var tls = TestCertificates.Create();
        foreach (var command in new[] { "query national", "watch national", "agent --checkpoint PA-DAR-SVC --terminal t --outbox o.db", "simulate", "replay" })
        {
            var result = CliCommands.Create().Parse($"{command} --server https://127.0.0.1:1 --ca {tls.CaPath}");
            Assert.True(result.Errors.Count == 0, $"{command}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }
    }

    [Theory]
    [InlineData("missing", "no such file")]
    [InlineData("garbage", "holds no PEM certificate")]
    [InlineData("key-only", "holds no PEM certificate")]
    public void Bad_ca_file_is_a_parse_error_naming_it(string how, string problem)
    {
        using var tls = TestCertificates.Create();
        var path = how switch
        {
            "missing" => Path.Combine(tls.Directory, "missing.pem"),
            "garbage" => tls.WriteFile("garbage.pem", "not a certificate\n"),
            _ => tls.KeyPath,
        };

        var error = Assert.Single(CliCommands.Create().Parse($"query national --server https://127.0.0.1:1 --ca {path}").Errors);

        Assert.Equal($"--ca: '{path}'{(how == "missing" ? ":" : "")} {problem}" + (how == "missing" ? "." : " (-----BEGIN CERTIFICATE-----)."), error.Message);
    }
}
