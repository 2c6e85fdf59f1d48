using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.Cli.Channels;

/// <summary>
/// The servers of one cluster a command may use, in the order given: one channel each, opened on first use. Any
/// server takes any call (the cluster routes it to the grain), so a caller that meets a failed server moves to the
/// next: a one-shot call through <see cref="CallAsync{T}"/>, a terminal's agent on its next reconnect.
/// </summary>
public sealed class ServerPool : IDisposable
{
    private readonly Uri[] _addresses;
    private readonly string[] _names;
    private readonly Func<Uri, GrpcChannel> _open;
    private readonly GrpcChannel?[] _channels;
    private readonly bool _ownsChannels;

    private ServerPool(Uri[] addresses, string[] names, Func<Uri, GrpcChannel> open, GrpcChannel?[] channels, bool ownsChannels)
    {
        _addresses = addresses;
        _names = names;
        _open = open;
        _channels = channels;
        _ownsChannels = ownsChannels;
    }

    /// <summary>How many servers there are (at least one).</summary>
    public int Count => _names.Length;

    /// <summary>
    /// The servers at <paramref name="addresses"/> (h2c for http://, TLS for https://), each certificate chaining to
    /// <paramref name="trust"/>, every call sending <paramref name="bearerToken"/> when given. The pool owns the channels.
    /// </summary>
    public static ServerPool For(IReadOnlyList<Uri> addresses, ServerTrust trust, string? bearerToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            throw new ArgumentException("At least one server address is needed.", nameof(addresses));
        }

        return new ServerPool([.. addresses], [.. addresses.Select(static address => address.ToString().TrimEnd('/'))], address => ServerChannel.ForAddress(address, trust, bearerToken), new GrpcChannel?[addresses.Count], ownsChannels: true);
    }

    /// <summary>A pool of the one server <paramref name="channel"/> reaches; the caller keeps owning the channel.</summary>
    public static ServerPool Of(GrpcChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new ServerPool([], [channel.Target], static _ => throw new UnreachableException(), [channel], ownsChannels: false);
    }

    /// <summary>How server <paramref name="index"/> (taken modulo <see cref="Count"/>) is named in messages: its address.</summary>
    public string NameAt(int index) => _names[Wrap(index)];

    /// <summary>The channel to server <paramref name="index"/> (taken modulo <see cref="Count"/>), opened now if it was not.</summary>
    public GrpcChannel ChannelAt(int index)
    {
        var at = Wrap(index);
        lock (_channels)
        {
            return _channels[at] ??= _open(_addresses[at]);
        }
    }

    /// <summary>
    /// Whether <paramref name="error"/> says the server it came from could not serve (down, unreachable, hung, or
    /// failing inside), so another server may: not a refusal of the request, which every server would give alike.
    /// </summary>
    public static bool IsServerFailure(Exception error) => error switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal
            or StatusCode.Unknown or StatusCode.Cancelled or StatusCode.Aborted,
        TimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>
    /// Makes <paramref name="call"/> on each server in turn, from the first, until one answers: moves on only after
    /// a server failure (<see cref="IsServerFailure"/>) and not once <paramref name="cancellationToken"/> fires;
    /// throws the last server's failure when none answered.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<GrpcChannel, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var index = 0; ; index++)
        {
            try
            {
                return await call(ChannelAt(index)).ConfigureAwait(false);
            }
            catch (Exception error) when (index < Count - 1 && IsServerFailure(error) && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    public void Dispose()
    {
        if (!_ownsChannels)
        {
            return;
        }

        lock (_channels)
        {
            foreach (var channel in _channels)
            {
                channel?.Dispose();
            }
        }
    }

    private int Wrap(int index) => ((index % Count) + Count) % Count;
}
