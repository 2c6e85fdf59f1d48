using System.CommandLine;
using CheckpointGrid.Cli.Commands;

namespace CheckpointGrid.Cli.Tests.Commands;

public sealed class CliCommandsTests
{
    [Theory]
    [InlineData("agent --server http://127.0.0.1:50051 --checkpoint PA-DAR-SVC --terminal svc-1 --outbox svc-1.db")]
    [InlineData("simulate --server http://127.0.0.1:50051 --terminals 2 --rate 50 --duration 60 --seed 7")]
    [InlineData("simulate --checkpoints PA-DAR-SVC,PA-COL-MRM --count 1000 --flat")]
    [InlineData("replay --server http://127.0.0.1:50051 --year 2023 --month 9")]
    [InlineData("replay --file month.csv --dry-run")]
    [InlineData("query national")]
    [InlineData("query region Darién")]
    [InlineData("query checkpoint PA-DAR-SVC --json")]
    [InlineData("watch national")]
    [InlineData("watch region Darién --interval-ms 1000")]
    [InlineData("watch checkpoint PA-DAR-SVC --json")]
    [InlineData("watch all")]
    [InlineData("status")]
    [InlineData("status --watch --interval 5")]
    [InlineData("status --watch --interval 0.5 --count 3 --include-dead --json --token abc")]
    [InlineData("outbox outbox/PA-DAR-SVC_sim-1.db")]
    [InlineData("token keygen --out ops")]
    [InlineData("token issue --signing-key ops.key --role terminal --checkpoint PA-DAR-LJB --checkpoint PA-DAR-SVC --expires 30d")]
    [InlineData("agent --checkpoint PA-DAR-SVC --terminal svc-1 --outbox svc-1.db --token abc")]
    [InlineData("query national --server http://10.0.0.1:50051,http://10.0.0.2:50051")]
    public void The_documented_command_lines_parse(string line)
    {
        var result = CliCommands.Create().Parse(line);

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("agent --server ftp://example --checkpoint PA-DAR-SVC --terminal svc-1 --outbox a.db")]
    [InlineData("agent --checkpoint PA-DAR-SVC --terminal svc-1")]
    [InlineData("query")]
    [InlineData("query national --server http://10.0.0.1:50051,10.0.0.2:50051")]
    [InlineData("status --interval 0")]
    [InlineData("status --count -1")]
    public void Bad_command_lines_are_errors(string line) => Assert.NotEmpty(CliCommands.Create().Parse(line).Errors);

    [Theory]
    [InlineData("watch national --server http://a:1,http://b:2 --server https://c:3")]
    [InlineData("watch national --server http://a:1 --server http://b:2,https://c:3")]
    public void Several_servers_are_given_comma_separated_or_by_repeating_the_option(string line)
    {
        var result = CliCommands.Create().Parse(line);

        Assert.Empty(result.Errors);
        var servers = result.GetValue<IReadOnlyList<Uri>>("--server");
        Assert.Equal(["http://a:1/", "http://b:2/", "https://c:3/"], servers!.Select(static uri => uri.ToString()));
    }

    [Fact]
    public void Without_server_the_default_one_is_used()
    {
        var servers = CliCommands.Create().Parse("query national").GetValue<IReadOnlyList<Uri>>("--server");

        Assert.Equal(["http://127.0.0.1:50051/"], servers!.Select(static uri => uri.ToString()));
    }

    [Fact]
    public void Every_command_and_option_is_described_for_help()
    {
        var root = CliCommands.Create();

        Assert.Equal(["agent", "simulate", "replay", "query", "report", "watch", "status", "outbox", "token"], root.Subcommands.Select(c => c.Name));
        foreach (var command in root.Subcommands.SelectMany(c => c.Subcommands.Prepend(c)))
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), command.Name);
            Assert.All(command.Options, option => Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{command.Name} {option.Name}"));
        }
    }

    [Fact]
    public async Task A_dry_run_replay_prints_the_months_sums_and_sends_nothing()
    {
        var output = new StringWriter();

        var exitCode = await CliCommands.Create().Parse("replay --year 2021 --month 1 --dry-run").InvokeAsync(new InvocationConfiguration { Output = output });

        Assert.Equal(0, exitCode);
        Assert.Contains("1071 people; table total 1071", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("men 687/687  women 384/384  boys 0/0  girls 0/0", output.ToString(), StringComparison.Ordinal);
    }
}
