using CheckpointGrid.Abstractions.Operations;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using SiloStatus = Orleans.Runtime.SiloStatus;

namespace CheckpointGrid.Server.Operations;

/// <summary>
/// The cluster's silos from its membership (Orleans' management grain), and each live silo's own numbers asked of it
/// at the time of the call, all at once; a silo that does not answer within <see cref="SiloPatience"/> is listed with
/// the reason instead of numbers, and the totals are those of the silos that answered.
/// </summary>
internal sealed class ClusterStatusReader(IGrainFactory grains, SiloStatusClient silos, TimeProvider time)
{
    /// <summary>How long a silo has to give its numbers; a status is for a person waiting at a terminal.</summary>
    public static readonly TimeSpan SiloPatience = TimeSpan.FromSeconds(5);

    /// <summary>The silos (dead ones too when <paramref name="includeDead"/>), their numbers, the totals and the time.</summary>
    public async Task<GetClusterStatusResponse> ReadAsync(bool includeDead, CancellationToken cancellationToken)
    {
        var members = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false, cancellationToken);
        var listed = members
            .Where(m => includeDead || m.Status != SiloStatus.Dead)
            .OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        var answers = await Task.WhenAll(listed.Select(m => AskAsync(m, cancellationToken)));
        var now = time.GetUtcNow();
        var response = new GetClusterStatusResponse
        {
            ServerTime = Timestamp.FromDateTimeOffset(now),
            Totals = ClusterStatusProto.Sum(answers.Select(a => a.Snapshot)),
        };
        for (var i = 0; i < listed.Count; i++)
        {
            response.Silos.Add(ClusterStatusProto.Silo(listed[i], answers[i].Snapshot, answers[i].Error, now));
        }
        return response;
    }

    private async Task<(SiloSnapshot? Snapshot, string Error)> AskAsync(MembershipEntry member, CancellationToken cancellationToken)
    {
        if (member.Status == SiloStatus.Dead)
        {
            return (null, "dead");
        }
        try
        {
            return (await silos.On(member.SiloAddress).SnapshotAsync().WaitAsync(SiloPatience, cancellationToken), "");
        }
        catch (TimeoutException)
        {
            return (null, $"no answer within {SiloPatience.TotalSeconds:0} s");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Unreachable, stopping or not started yet: its row says so, and the other silos' numbers still count.
            return (null, $"no answer: {error.GetType().Name}: {error.Message}");
        }
    }
}
