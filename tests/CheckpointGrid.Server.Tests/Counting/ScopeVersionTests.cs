using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Server.Tests.Counting;

/// <summary>ScopeCounts.version and as_of: what lets a client tell newer values from older.</summary>
public sealed class ScopeVersionTests
{
    private static async Task<(ulong Checkpoint, ulong Region, ulong Nation)> VersionsAsync(GridServer server) =>
        ((await server.CheckpointCountsAsync("PA-DAR-SVC")).Version,
         (await server.RegionCountsAsync("Darién")).Version,
         (await server.NationalCountsAsync()).Version);

    [Fact]
    public async Task Version_grows_at_the_checkpoint_its_region_and_the_nation_with_every_event()
    {
        await using var server = await GridServer.StartAsync();
        var versions = await VersionsAsync(server);

        for (var i = 0; i < 3; i++)
        {
            await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.ShelterCheckIn));
            var next = await VersionsAsync(server);

            Assert.True(next.Checkpoint > versions.Checkpoint, $"checkpoint version {versions.Checkpoint} then {next.Checkpoint}");
            Assert.True(next.Region > versions.Region, $"region version {versions.Region} then {next.Region}");
            Assert.True(next.Nation > versions.Nation, $"national version {versions.Nation} then {next.Nation}");
            versions = next;
        }
    }

    [Fact]
    public async Task Version_grows_in_both_regions_when_a_checkpoint_moves()
    {
        await using var server = await GridServer.StartAsync();
        await server.RecordAsync(Crossings.One("PA-DAR-MTT", headcount: 3));
        var darién = (await server.RegionCountsAsync("Darién")).Version;
        var colón = (await server.RegionCountsAsync("Colón")).Version;

        var request = new UpdateCheckpointRequest { Checkpoint = new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Region = "Colón" }, UpdateMask = new FieldMask() };
        request.UpdateMask.Paths.Add("region");
        await server.CallAsync(Rpcs.UpdateCheckpoint, request);

        Assert.True((await server.RegionCountsAsync("Darién")).Version > darién);
        Assert.True((await server.RegionCountsAsync("Colón")).Version > colón);
    }

    [Fact]
    public async Task As_of_is_the_server_time_of_the_read()
    {
        await using var server = await GridServer.StartAsync();
        var before = DateTimeOffset.UtcNow;

        var counts = await server.NationalCountsAsync();

        Assert.InRange(counts.AsOf.ToDateTimeOffset(), before, DateTimeOffset.UtcNow);
    }
}
