using CheckpointGrid.Testing;
using CheckpointGrid.Abstractions.Watch;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Server.Watch;
using Google.Protobuf;

namespace CheckpointGrid.Server.Tests.Watch;

/// <summary>The encoding gRPC sends from the scopes' cached bytes is exactly the message's own serialization.</summary>
public sealed class WatchMessageTests
{
    private static readonly string[] CheckpointIds = ["PA-DAR-SVC", "PA-COL-MRM", "PA-GNA-POB"];

    [Fact]
    public void Encoded_snapshot_update_and_heartbeat_are_the_bytes_of_their_response_messages()
    {
        var scopes = CheckpointIds.Select((id, i) => Published(id, seed: i)).ToList();
        WatchMessage[] messages =
        [
            WatchMessage.Snapshot(scopes),
            WatchMessage.Update(scopes.Skip(1).ToList()),
            WatchMessage.Update([]),
            WatchMessage.Heartbeat(DateTimeOffset.UtcNow),
        ];

        foreach (var message in messages)
        {
            var encoded = message.Encode();
            Assert.Equal(message.ToResponse().ToByteArray(), encoded);
            Assert.Equal(message.ToResponse(), WatchResponse.Parser.ParseFrom(encoded));
        }
    }

    private static PublishedScope Published(string checkpointId, int seed)
    {
        var counter = new ScopeCounter();
        var now = DateTimeOffset.UtcNow;
        foreach (var crossing in Crossings.RandomStream(seed, 200, [checkpointId], now, TimeSpan.FromHours(2)))
        {
            counter.Apply(crossing, now);
        }
        var counts = counter.ToScopeCounts(new Scope { CheckpointId = checkpointId }, now);
        return new PublishedScope(new ScopeUpdate("checkpoint/" + checkpointId, counts.Version, counts.ToByteArray()));
    }
}
