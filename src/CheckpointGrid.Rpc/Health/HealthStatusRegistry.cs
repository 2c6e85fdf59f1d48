using System.Runtime.CompilerServices;
using CheckpointGrid.Rpc.Server;
using Microsoft.Extensions.Logging;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Rpc.Health;

/// <summary>
/// The serving status of the server ("") and of each service, as grpc.health.v1 reports it.
/// A service mapped on this server and never set follows the server-wide status; any other
/// name is unknown until set. Setters never wait for watchers.
/// </summary>
public sealed class HealthStatusRegistry
{
    /// <summary>The service name that stands for the whole server.</summary>
    public const string Server = "";

    private readonly Lock _lock = new();
    // Invariant: always holds Server; NOT_SERVING until the host says it has started.
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [Server] = ServingStatus.NotServing };
    private readonly List<HealthWatcher> _watchers = [];
    private readonly GrpcServiceRegistry _mapped;
    private readonly ILogger _logger;
    // Once stopping, watches end after their latest status so they don't hold up host shutdown.
    private bool _stopping;

    public HealthStatusRegistry(GrpcServiceRegistry mapped, ILogger<HealthStatusRegistry> logger)
    {
        _mapped = mapped;
        _logger = logger;
    }

    /// <summary>The status of <paramref name="service"/>; SERVICE_UNKNOWN when it has none.</summary>
    public ServingStatus GetStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            return Resolve(service);
        }
    }

    /// <summary>Sets the status of <paramref name="service"/> ("" for the whole server) and tells its watchers.</summary>
    public void Set(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        ThrowIfNotSettable(status);
        lock (_lock)
        {
            if (_statuses.TryGetValue(service, out var current) && current == status)
            {
                return;
            }
            _statuses[service] = status;
            Publish();
        }
        if (service.Length == 0)
        {
            HealthLog.ServerStatusChanged(_logger, status);
        }
        else
        {
            HealthLog.ServiceStatusChanged(_logger, service, status);
        }
    }

    /// <summary>Sets the server and every service to <paramref name="status"/>, e.g. NOT_SERVING while draining.</summary>
    public void SetAll(ServingStatus status)
    {
        ThrowIfNotSettable(status);
        lock (_lock)
        {
            // Mapped services never set follow Server, so setting the explicit ones covers all.
            foreach (var service in _statuses.Keys.ToArray())
            {
                _statuses[service] = status;
            }
            Publish();
        }
        HealthLog.AllStatusesChanged(_logger, status);
    }

    /// <summary>
    /// Yields the current status of <paramref name="service"/> at once (SERVICE_UNKNOWN if it has
    /// none), then each change until cancelled or the host stops. A slow reader sees only the
    /// latest status.
    /// </summary>
    public async IAsyncEnumerable<ServingStatus> WatchAsync(string service, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var watcher = new HealthWatcher(service);
        lock (_lock)
        {
            _watchers.Add(watcher);
            watcher.Offer(Resolve(service));
            if (_stopping)
            {
                watcher.Complete();
            }
        }
        try
        {
            ServingStatus? sent = null;
            while (await watcher.Reader.WaitToReadAsync(cancellationToken))
            {
                // Every change offers each watcher its status; coalescing may repeat one, so skip repeats.
                if (watcher.Reader.TryRead(out var status) && status != sent)
                {
                    sent = status;
                    yield return status;
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    /// <summary>
    /// The host is stopping: everything turns NOT_SERVING, watchers get that and then end, so
    /// none holds up shutdown; later watches get one status and end. This happens within the
    /// server's shutdown grace period, before it cancels the calls still open.
    /// </summary>
    internal void Stop()
    {
        SetAll(ServingStatus.NotServing);
        lock (_lock)
        {
            _stopping = true;
            foreach (var watcher in _watchers)
            {
                watcher.Complete();
            }
        }
    }

    private ServingStatus Resolve(string service)
    {
        if (_statuses.TryGetValue(service, out var status))
        {
            return status;
        }
        return _mapped.Services.Any(s => s.FullName == service) ? _statuses[Server] : ServingStatus.ServiceUnknown;
    }

    private void Publish()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Offer(Resolve(watcher.Service));
        }
    }

    private static void ThrowIfNotSettable(ServingStatus status)
    {
        if (status == ServingStatus.ServiceUnknown)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "SERVICE_UNKNOWN is what Watch reports for a service without a status; it cannot be set.");
        }
    }
}
