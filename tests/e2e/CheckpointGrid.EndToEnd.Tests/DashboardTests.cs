using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using CheckpointGrid.Testing;
using Xunit.Abstractions;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// The web dashboard of the real server process, in Debian's headless Chromium driven by
/// playwright-core (tests/e2e/browser/dashboard.mjs): it goes live, then shows the exact counts
/// of the events recorded over gRPC while it is open, from nothing but its own origin, and charts
/// exactly what GetTimeSeries answers for the scope viewed (the nation, then a region chosen in the URL).
/// </summary>
public sealed partial class DashboardTests(ServerProcessFixture server, ITestOutputHelper output) : IClassFixture<ServerProcessFixture>
{
    private const int EventCount = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PanamaOffset = TimeSpan.FromHours(-5);
    private static readonly string DashboardDir = RepositoryPaths.Combine("src", "CheckpointGrid.Server", "Web", "Dashboard");
    private static readonly string BrowserDir = RepositoryPaths.Combine("tests", "e2e", "browser");
    private static readonly Method<RecordCrossingRequest, RecordCrossingResponse> RecordCrossing =
        Rpc.Of<RecordCrossingRequest, RecordCrossingResponse>(IngestReflection.Descriptor.Services[0], "RecordCrossing");
    private static readonly Method<GetTimeSeriesRequest, GetTimeSeriesResponse> GetTimeSeries =
        Rpc.Of<GetTimeSeriesRequest, GetTimeSeriesResponse>(QueryReflection.Descriptor.Services[0], "GetTimeSeries");
    private static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> GetNationalCounts =
        Rpc.Of<GetNationalCountsRequest, GetNationalCountsResponse>(QueryReflection.Descriptor.Services[0], "GetNationalCounts");
    private static readonly Method<GetRegionCountsRequest, GetRegionCountsResponse> GetRegionCounts =
        Rpc.Of<GetRegionCountsRequest, GetRegionCountsResponse>(QueryReflection.Descriptor.Services[0], "GetRegionCounts");

    // Shelter capacities of the default catalog (src/CheckpointGrid.Core/Catalog/checkpoints.csv).
    private static readonly Dictionary<string, int> Capacities = new() { ["PA-DAR-SVC"] = 544, ["PA-CHI-LPG"] = 578 };

    // Each checkpoint's usual flows (movement, direction, weight), after the simulator's.
    private static readonly Dictionary<string, (Movement Movement, Direction Direction, int Weight)[]> Flows = new()
    {
        ["PA-DAR-SVC"] = [(Movement.Arrival, Direction.Northbound, 4), (Movement.Arrival, Direction.Southbound, 1), (Movement.ShelterCheckIn, Direction.Northbound, 4), (Movement.ShelterCheckOut, Direction.Northbound, 2)],
        ["PA-GNA-POB"] = [(Movement.Arrival, Direction.Southbound, 6), (Movement.Departure, Direction.Southbound, 4)],
        ["PA-COL-MRM"] = [(Movement.Arrival, Direction.Southbound, 2), (Movement.Departure, Direction.Southbound, 8)],
        ["PA-CHI-PCN"] = [(Movement.Arrival, Direction.Southbound, 5), (Movement.Departure, Direction.Southbound, 3), (Movement.Arrival, Direction.Northbound, 2)],
        ["PA-CHI-LPG"] = [(Movement.Arrival, Direction.Southbound, 4), (Movement.ShelterCheckIn, Direction.Southbound, 4), (Movement.ShelterCheckOut, Direction.Southbound, 2)],
        ["PA-DAR-MTT"] = [(Movement.Arrival, Direction.Southbound, 1), (Movement.Departure, Direction.Southbound, 1)],
        ["PA-PAN-PAC"] = [(Movement.RepatriationBoarding, Direction.Southbound, 1)],
    };

    private static readonly string[] Nationalities = ["VEN", "VEN", "VEN", "VEN", "COL", "COL", "ECU", "HTI", "CHN", "IND", "AFG", "PER"];
    private static readonly AgeGroup[] AgeGroups = [AgeGroup.Ages0To4, AgeGroup.Ages5To11, AgeGroup.Ages12To17, AgeGroup.Ages18To59, AgeGroup.Ages18To59, AgeGroup.Ages18To59, AgeGroup.Ages60Plus, AgeGroup.Unknown];

    [Fact]
    public async Task Dashboard_goes_live_and_shows_the_exact_counts_of_events_recorded_while_it_is_open()
    {
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "dashboard.png");
        File.Delete(screenshot);

        await using var browser = ChildProcess.Start("node",
            [Path.Combine(BrowserDir, "dashboard.mjs"), $"http://127.0.0.1:{server.WebPort}/", screenshot], workingDirectory: BrowserDir);
        await ExpectLineAsync(browser, "^ready$");

        var occurredAt = OccurredAt(DateTimeOffset.UtcNow);
        var events = CreateEvents(occurredAt);
        using var channel = GrpcChannel.ForAddress($"http://{server.GrpcAddress}");
        foreach (var crossing in events)
        {
            var response = await channel.UnaryAsync(RecordCrossing, new RecordCrossingRequest { Event = crossing });
            Assert.False(response.Duplicate);
        }

        var expected = ExpectedValues(events, countToday: !NearEndOfPanamaDay(occurredAt, DateTimeOffset.UtcNow));
        await browser.WriteLineAsync(new JsonObject { ["selectors"] = expected, ["timeoutMs"] = 30_000 }.ToJsonString());
        await ExpectStepAsync(browser, 1, "ok");

        // The charts of the nation, every point as GetTimeSeries answers now that the counts are shown.
        var national = new Scope { National = new() };
        var nationalOccupants = (await channel.UnaryAsync(GetNationalCounts, new GetNationalCountsRequest())).Counts.Shelter.Occupants;
        var charts = await ChartValuesAsync(channel, national, nationalOccupants);
        foreach (var checkpoint in Flows.Keys)
        {
            var hourly = await channel.UnaryAsync(GetTimeSeries, new GetTimeSeriesRequest { Scope = new Scope { CheckpointId = checkpoint }, Granularity = Granularity.Hourly });
            var sparkline = $"tr[data-checkpoint=\"{checkpoint}\"] svg[data-testid=\"sparkline\"]";
            charts[sparkline] = hourly.Buckets.Count.ToString(CultureInfo.InvariantCulture);
            foreach (var bucket in hourly.Buckets)
            {
                charts[$"{sparkline} rect[data-start=\"{Start(bucket)}\"]"] = Number(bucket.Counts.Arrival.People);
            }
        }
        Assert.Contains(charts, entry => entry.Key.Contains("chart-hourly", StringComparison.Ordinal) && entry.Value!.GetValue<string>() != "0");
        var chartsShot = Path.Combine(artifacts, "dashboard-charts.png");
        await browser.WriteLineAsync(new JsonObject { ["selectors"] = charts, ["timeoutMs"] = 30_000, ["screenshot"] = chartsShot }.ToJsonString());
        await ExpectStepAsync(browser, 2, "ok");

        // A region chosen in the URL: its own numbers and charts.
        await browser.WriteLineAsync(new JsonObject { ["goto"] = "?region=Dari%C3%A9n" }.ToJsonString());
        await ExpectStepAsync(browser, 3, "ready");
        var darien = new Scope { Region = "Darién" };
        var regionCounts = (await channel.UnaryAsync(GetRegionCounts, new GetRegionCountsRequest { Region = "Darién" })).Counts;
        var regionCharts = await ChartValuesAsync(channel, darien, regionCounts.Shelter.Occupants);
        regionCharts[TestId("national-arrivals")] = Number(regionCounts.Totals.Arrival.People);
        var regionShot = Path.Combine(artifacts, "dashboard-darien.png");
        await browser.WriteLineAsync(new JsonObject { ["selectors"] = regionCharts, ["timeoutMs"] = 30_000, ["screenshot"] = regionShot }.ToJsonString());
        await ExpectStepAsync(browser, 4, "ok");
        await browser.WriteLineAsync(new JsonObject { ["done"] = true }.ToJsonString());
        Assert.Equal(0, await browser.WaitForExitAsync(Patience));

        foreach (var shot in new[] { screenshot, chartsShot, regionShot })
        {
            output.WriteLine($"Dashboard screenshot: {shot}");
            var png = await File.ReadAllBytesAsync(shot);
            Assert.True(png.Length > 50_000, $"screenshot {shot} of {png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
    }

    /// <summary>
    /// Every plotted value of a scope's charts as selector → data-value, from GetTimeSeries: arrivals by direction per
    /// hour (48 h) and per day (90 days), and shelter occupants at the end of each hour (the occupants now less the
    /// check-ins and plus the check-outs of the later hours).
    /// </summary>
    private static async Task<JsonObject> ChartValuesAsync(GrpcChannel channel, Scope scope, long occupantsNow)
    {
        var values = new JsonObject();
        var hourly = await channel.UnaryAsync(GetTimeSeries, new GetTimeSeriesRequest { Scope = scope, Granularity = Granularity.Hourly });
        var daily = await channel.UnaryAsync(GetTimeSeries, new GetTimeSeriesRequest
        {
            Scope = scope,
            Granularity = Granularity.Daily,
            StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-89)),
        });
        Assert.Equal(48, hourly.Buckets.Count);
        Assert.Equal(90, daily.Buckets.Count);
        foreach (var (chart, series) in new[] { ("chart-hourly", hourly), ("chart-daily", daily) })
        {
            var svg = $"svg[data-testid=\"{chart}\"]";
            values[svg] = series.Buckets.Count.ToString(CultureInfo.InvariantCulture);
            foreach (var bucket in series.Buckets)
            {
                var group = $"{svg} g[data-start=\"{Start(bucket)}\"]";
                values[$"{group} rect[data-series=\"northbound\"]"] = Number(bucket.Counts.Arrival.ByDirection.Northbound);
                values[$"{group} rect[data-series=\"southbound\"]"] = Number(bucket.Counts.Arrival.ByDirection.Southbound);
            }
        }
        var occupancy = "svg[data-testid=\"chart-occupancy\"]";
        values[occupancy] = hourly.Buckets.Count.ToString(CultureInfo.InvariantCulture);
        var occupants = occupantsNow;
        for (var i = hourly.Buckets.Count - 1; i >= 0; i--)
        {
            var bucket = hourly.Buckets[i];
            values[$"{occupancy} circle[data-start=\"{Start(bucket)}\"]"] = occupants.ToString(CultureInfo.InvariantCulture);
            occupants -= (long)bucket.Counts.ShelterCheckIn.People - (long)bucket.Counts.ShelterCheckOut.People;
        }
        return values;
    }

    private static string Start(TimeSeriesBucket bucket) =>
        bucket.StartTime.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task ExpectStepAsync(ChildProcess browser, int step, string answer)
    {
        var line = (await ExpectLineAsync(browser, $@"^((ok|ready|mismatch) {step}\b.*|error .*)$")).Value;
        Assert.True(line == $"{answer} {step}", $"step {step}: {line}");
    }

    [Fact]
    public async Task Page_and_its_assets_are_served_with_their_content_types_and_reference_no_other_host()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}/") };

        using var page = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(DashboardDir, "index.html")), html);
        Assert.Empty(AbsoluteUrl().Matches(html).Select(m => m.Value));

        var files = Directory.GetFiles(DashboardDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("main.js", files);
        foreach (var file in files)
        {
            using var response = await http.GetAsync(file);
            Assert.True(response.IsSuccessStatusCode, $"GET /{file}: {(int)response.StatusCode}");
            Assert.True(ContentTypeFits(file, response.Content.Headers.ContentType), $"GET /{file}: Content-Type {response.Content.Headers.ContentType}");
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(DashboardDir, file)), await response.Content.ReadAsByteArrayAsync());
            if (file.EndsWith(".css", StringComparison.Ordinal))
            {
                Assert.Empty(AbsoluteUrl().Matches(await response.Content.ReadAsStringAsync()).Select(m => m.Value));
            }
            if (file.EndsWith(".js", StringComparison.Ordinal))
            {
                // Modules import only each other, never a package or another host.
                var imports = ModuleImport().Matches(await response.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value);
                Assert.All(imports, specifier => Assert.StartsWith("./", specifier, StringComparison.Ordinal));
            }
        }
    }

    private static bool ContentTypeFits(string file, MediaTypeHeaderValue? contentType) => Path.GetExtension(file) switch
    {
        ".html" => contentType?.MediaType == "text/html",
        // Chromium runs module scripts and applies stylesheets only with these types.
        ".js" => contentType?.MediaType is "text/javascript" or "application/javascript",
        ".css" => contentType?.MediaType == "text/css",
        ".svg" => contentType?.MediaType == "image/svg+xml",
        ".json" => contentType?.MediaType == "application/json",
        ".png" => contentType?.MediaType == "image/png",
        _ => false,
    };

    /// <summary>Every number the dashboard must show, as CSS selector → data-value, from the events alone.</summary>
    private static JsonObject ExpectedValues(List<CrossingEvent> events, bool countToday)
    {
        var arrivals = events.Where(e => e.Movement == Movement.Arrival).ToList();
        var expected = new JsonObject
        {
            [TestId("national-arrivals")] = Sum(arrivals),
            [TestId("national-departures")] = Sum(events.Where(e => e.Movement == Movement.Departure)),
            [TestId("national-shelter-check-ins")] = Sum(events.Where(e => e.Movement == Movement.ShelterCheckIn)),
            [TestId("national-repatriations")] = Sum(events.Where(e => e.Movement == Movement.RepatriationBoarding)),
            [TestId("national-northbound")] = Sum(arrivals.Where(e => e.Direction == Direction.Northbound)),
            [TestId("national-southbound")] = Sum(arrivals.Where(e => e.Direction == Direction.Southbound)),
            [TestId("national-minors")] = Sum(arrivals.Where(e => e.AgeGroup is AgeGroup.Ages0To4 or AgeGroup.Ages5To11 or AgeGroup.Ages12To17)),
            [TestId("national-occupants")] = Occupants(events),
            [TestId("national-capacity")] = Capacities.Values.Sum().ToString(CultureInfo.InvariantCulture),
        };
        if (countToday)
        {
            expected[TestId("national-today-arrivals")] = Sum(arrivals);
        }
        foreach (var nationality in arrivals.GroupBy(e => e.Nationality))
        {
            expected[$"[data-testid=\"top-nationalities\"] [data-nationality=\"{nationality.Key}\"]"] = Sum(nationality);
        }
        foreach (var checkpoint in Flows.Keys)
        {
            var here = events.Where(e => e.CheckpointId == checkpoint).ToList();
            var hereArrivals = here.Where(e => e.Movement == Movement.Arrival).ToList();
            var row = $"tr[data-checkpoint=\"{checkpoint}\"]";
            expected[$"{row} [data-field=\"arrivals\"]"] = Sum(hereArrivals);
            expected[$"{row} [data-field=\"northbound\"]"] = Sum(hereArrivals.Where(e => e.Direction == Direction.Northbound));
            expected[$"{row} [data-field=\"southbound\"]"] = Sum(hereArrivals.Where(e => e.Direction == Direction.Southbound));
            expected[$"{row} [data-field=\"departures\"]"] = Sum(here.Where(e => e.Movement == Movement.Departure));
            expected[$"{row} [data-field=\"occupants\"]"] = Occupants(here);
            expected[$"{row} [data-field=\"capacity\"]"] = Capacities.TryGetValue(checkpoint, out var capacity) ? capacity.ToString(CultureInfo.InvariantCulture) : "";
            expected[$"svg[data-testid=\"map\"] circle[data-checkpoint=\"{checkpoint}\"]"] = Sum(hereArrivals);
        }
        return expected;
    }

    /// <summary>A deterministic mix: several checkpoints, both directions, minors, ten nationalities, shelters filling.</summary>
    private static List<CrossingEvent> CreateEvents(DateTimeOffset occurredAt)
    {
        var random = new Random(5);
        var checkpoints = Flows.Keys.ToArray();
        var occupancy = checkpoints.ToDictionary(c => c, _ => 0);
        var events = new List<CrossingEvent>(EventCount);
        for (var i = 0; i < EventCount; i++)
        {
            var checkpoint = checkpoints[random.Next(checkpoints.Length)];
            var (movement, direction) = Pick(Flows[checkpoint], random);
            var headcount = random.Next(1, 6);
            // Nobody checks out of a shelter they are not in, so occupancy stays meaningful.
            if (movement == Movement.ShelterCheckOut && headcount > occupancy[checkpoint])
            {
                movement = Movement.ShelterCheckIn;
            }
            occupancy[checkpoint] += movement switch
            {
                Movement.ShelterCheckIn => headcount,
                Movement.ShelterCheckOut => -headcount,
                _ => 0,
            };
            events.Add(new CrossingEvent
            {
                EventId = $"dashboard-{i}",
                CheckpointId = checkpoint,
                TerminalId = "dashboard-e2e",
                OccurredAt = Timestamp.FromDateTimeOffset(occurredAt),
                Movement = movement,
                Direction = direction,
                Nationality = Nationalities[random.Next(Nationalities.Length)],
                AgeGroup = AgeGroups[random.Next(AgeGroups.Length)],
                Sex = (Sex)random.Next(1, 4),
                Headcount = (uint)headcount,
            });
        }
        return events;
    }

    private static (Movement, Direction) Pick((Movement Movement, Direction Direction, int Weight)[] flows, Random random)
    {
        var roll = random.Next(flows.Sum(f => f.Weight));
        foreach (var flow in flows)
        {
            roll -= flow.Weight;
            if (roll < 0)
            {
                return (flow.Movement, flow.Direction);
            }
        }
        throw new InvalidOperationException("weights exhausted");
    }

    /// <summary>A minute ago, but never before the start of the current Panama day (05:00 UTC).</summary>
    private static DateTimeOffset OccurredAt(DateTimeOffset now) => Max(now.AddMinutes(-1), PanamaDayStart(now));

    /// <summary>Whether the Panama day of <paramref name="occurredAt"/> ends too soon to still be "today" when the page is read.</summary>
    private static bool NearEndOfPanamaDay(DateTimeOffset occurredAt, DateTimeOffset now) =>
        PanamaDayStart(occurredAt).AddDays(1) - now < TimeSpan.FromMinutes(2);

    private static DateTimeOffset PanamaDayStart(DateTimeOffset time) => new(time.ToOffset(PanamaOffset).Date, PanamaOffset);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string TestId(string id) => $"[data-testid=\"{id}\"]";

    private static string Sum(IEnumerable<CrossingEvent> events) => events.Sum(e => (long)e.Headcount).ToString(CultureInfo.InvariantCulture);

    private static string Occupants(IEnumerable<CrossingEvent> events) => events.Sum(e => e.Movement switch
    {
        Movement.ShelterCheckIn => (long)e.Headcount,
        Movement.ShelterCheckOut => -(long)e.Headcount,
        _ => 0L,
    }).ToString(CultureInfo.InvariantCulture);

    private async Task<Match> ExpectLineAsync(ChildProcess browser, string pattern)
    {
        try
        {
            return await browser.WaitForLineAsync(pattern, Patience);
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"{ex.Message}\n--- server ---\n{server.Output}");
            throw;
        }
    }

    [GeneratedRegex(@"\bhttps?://[^\s""'<>)]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex(@"\bfrom\s+'([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleImport();
}
