using CheckpointGrid.Storage;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// Keeps <see cref="TokenRevocationList"/> in step with the store: loaded before the server takes calls, then re-read
/// every <see cref="Interval"/>. A periodic read of a short table rather than a grain: it needs no cluster messaging
/// and keeps working whatever the membership does; the store is the one source of truth either way.
/// </summary>
internal sealed class TokenRevocationRefresher(
    ITokenRevocationStore store, TokenRevocationList list, TimeProvider time, ILogger<TokenRevocationRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    // Started with the first load, not in ExecuteAsync (which .NET 10 runs on a thread of its own, later): the
    // interval counts from the load.
    private PeriodicTimer? _timer;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before Kestrel serves: a revoked token must not get in during the first seconds after a restart.
        list.Replace(await store.LoadRevocationsAsync(cancellationToken));
        AuthLog.RevocationsLoaded(logger, list.Count);
        _timer = new PeriodicTimer(Interval, time);
        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer!;
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                list.Replace(await store.LoadRevocationsAsync(stoppingToken));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The last list read stays in force; the next tick tries again.
                AuthLog.RevocationRefreshFailed(logger, error);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
