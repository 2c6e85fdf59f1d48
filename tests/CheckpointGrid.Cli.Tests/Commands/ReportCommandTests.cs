using Microsoft.AspNetCore.Builder;
using CheckpointGrid.Cli.Tests.Fixtures;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Cli.Tests.Commands;

/// <summary>`checkpointgrid report` against a fake QueryService: the request it sends, its CSV in SNM's columns, its table, a refusal.</summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private readonly FakeReports _fake = new();
    private LoopbackGrpcHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await LoopbackGrpcHost.StartAsync(services => services.AddSingleton(_fake), app => app.MapGrpcService<FakeQueryService>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Csv_is_snms_columns_then_unknown_with_other_as_the_rest_of_the_total()
    {
        var (exitCode, output, _) = await RunAsync("report --year 2023 --month 9 --format csv");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "year,month,total,men,women,boys,girls,minors,VEN,ECU,HTI,COL,CHN,other,unknown\n2023,9,100,50,20,12,10,22,60,5,0,3,2,30,8\n",
            output);
        Assert.Equal(new GetMonthlyReportRequest { Scope = new Scope { National = new Empty() }, Year = 2023, Month = 9, Direction = Direction.Northbound }, _fake.Asked);
    }

    [Fact]
    public async Task Table_lists_the_columns_and_every_nationality_most_people_first()
    {
        var (exitCode, output, _) = await RunAsync("report --year 2023 --month 9 --scope region Darién --direction southbound");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exitCode);
        Assert.Equal("2023-09  region Darién  departures southbound  (complete)", lines[0]);
        Assert.Equal(
            ["total              100", "men                 50", "women               20", "boys                12", "girls               10", "minors              22", "unknown              8", "by nationality:"],
            lines[1..9]);
        Assert.Equal(["  VEN               60", "  IND               30", "  ECU                5", "  COL                3", "  CHN                2"], lines[9..]);
        Assert.Equal(new Scope { Region = "Darién" }, _fake.Asked!.Scope);
        Assert.Equal(Direction.Southbound, _fake.Asked.Direction);
    }

    [Fact]
    public async Task Checkpoint_scope_is_sent_by_id()
    {
        var (exitCode, _, _) = await RunAsync("report --year 2025 --month 3 --scope checkpoint PA-COL-MIR --format csv");

        Assert.Equal(0, exitCode);
        Assert.Equal(new Scope { CheckpointId = "PA-COL-MIR" }, _fake.Asked!.Scope);
    }

    [Fact]
    public async Task A_scope_it_cannot_read_is_refused_before_calling()
    {
        var (exitCode, _, error) = await RunAsync("report --year 2025 --month 3 --scope province Darién");

        Assert.Equal(2, exitCode);
        Assert.Contains("--scope takes national, region NAME or checkpoint ID", error, StringComparison.Ordinal);
        Assert.Null(_fake.Asked);
    }

    [Fact]
    public async Task A_refusal_is_printed_with_its_status()
    {
        _fake.Refusal = new RpcException(new Status(StatusCode.InvalidArgument, "month: 2031-01 has not begun yet (Panama time)"));

        var (exitCode, _, error) = await RunAsync("report --year 2031 --month 1");

        Assert.Equal(1, exitCode);
        Assert.Contains("report failed: InvalidArgument: month: 2031-01 has not begun yet", error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string arguments) => _server.RunCliAsync(arguments);

    /// <summary>What the fake answers, and what it was asked.</summary>
    internal sealed class FakeReports
    {
        public GetMonthlyReportRequest? Asked { get; private set; }

        public RpcException? Refusal { get; set; }

        public GetMonthlyReportResponse Answer(GetMonthlyReportRequest request)
        {
            Asked = request;
            if (Refusal is not null)
            {
                throw Refusal;
            }
            var report = new MonthlyReport
            {
                Scope = request.Scope,
                Year = request.Year,
                Month = request.Month,
                Direction = request.Direction,
                Complete = true,
                AsOf = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
                Total = 100,
                Men = 50,
                Women = 20,
                Boys = 12,
                Girls = 10,
                Minors = 22,
                Unknown = 8,
            };
            report.ByNationality.Add(new Dictionary<string, ulong> { ["VEN"] = 60, ["ECU"] = 5, ["COL"] = 3, ["CHN"] = 2, ["IND"] = 30 });
            return new GetMonthlyReportResponse { Report = report };
        }
    }

    internal sealed class FakeQueryService(FakeReports fake) : QueryService.QueryServiceBase
    {
        public override Task<GetMonthlyReportResponse> GetMonthlyReport(GetMonthlyReportRequest request, ServerCallContext context) =>
            Task.FromResult(fake.Answer(request));
    }
}
