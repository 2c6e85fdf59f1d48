using System.Threading.Channels;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Rpc.Health;

/// <summary>One Watch call's mailbox: holds only the latest status offered, so offering never blocks.</summary>
internal sealed class HealthWatcher(string service)
{
    private readonly Channel<ServingStatus> _latest = Channel.CreateBounded<ServingStatus>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public string Service => service;

    public ChannelReader<ServingStatus> Reader => _latest.Reader;

    public void Offer(ServingStatus status) => _latest.Writer.TryWrite(status);

    /// <summary>Ends the watch once the latest status offered has been read.</summary>
    public void Complete() => _latest.Writer.TryComplete();
}
