using CheckpointGrid.Cli.Channels;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Grpc.Core;

namespace CheckpointGrid.Cli.Commands;

/// <summary>Where the server counts the shelters now, so that a simulation steers them from there rather than filling them again.</summary>
internal static class ShelterOccupants
{
    /// <summary>Occupants by checkpoint (ListCheckpointStatus); empty, with a warning, when the server will not say (e.g. a terminal-only token).</summary>
    public static async Task<IReadOnlyDictionary<CheckpointId, long>> ReadAsync(ServerPool servers, TextWriter warnings, CancellationToken cancellationToken)
    {
        using (servers)
        {
            try
            {
                var response = await servers.CallAsync(
                    async channel => await new QueryService.QueryServiceClient(channel).ListCheckpointStatusAsync(
                        new ListCheckpointStatusRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken)),
                    cancellationToken).ConfigureAwait(false);
                var occupants = new Dictionary<CheckpointId, long>();
                foreach (var status in response.Statuses)
                {
                    if (status.Shelter is { Occupants: not 0 } shelter && CheckpointId.TryParse(status.Checkpoint.Id, out var id))
                    {
                        occupants[id] = shelter.Occupants;
                    }
                }

                return occupants;
            }
            catch (RpcException error)
            {
                await warnings.WriteLineAsync($"simulate: could not read the shelters' occupancy ({error.StatusCode}: {error.Status.Detail}); steering them as if empty.").ConfigureAwait(false);
                return new Dictionary<CheckpointId, long>();
            }
        }
    }
}
