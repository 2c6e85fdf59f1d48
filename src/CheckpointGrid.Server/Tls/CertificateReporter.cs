using CheckpointGrid.Grains;

namespace CheckpointGrid.Server.Tls;

/// <summary>Logs the certificate the server presents, and warns when clients will refuse it (expired, not yet valid) or soon will.</summary>
internal sealed class CertificateReporter(
    ServerCertificate certificate, ServerTlsOptions options, [FromKeyedServices(GridClock.Key)] TimeProvider time, ILogger<CertificateReporter> logger) : IHostedService
{
    /// <summary>How long before expiry the warning starts: time enough to issue and roll out a new certificate.</summary>
    private static readonly TimeSpan RenewalWarning = TimeSpan.FromDays(30);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var leaf = certificate.Certificate;
        var now = time.GetUtcNow();
        TlsLog.Certificate(logger, leaf.Subject, leaf.Thumbprint, leaf.NotAfter.ToUniversalTime());
        if (certificate.ValidityProblem(now) is { } problem)
        {
            TlsLog.CertificateNotValid(logger, leaf.Subject, leaf.Thumbprint, problem);
        }
        else if (leaf.NotAfter - now < RenewalWarning)
        {
            TlsLog.CertificateExpiresSoon(logger, leaf.Subject, (int)(leaf.NotAfter - now).TotalDays, leaf.NotAfter.ToUniversalTime());
        }
        if (options.Silo)
        {
            TlsLog.SiloTls(logger, string.Join("; ", certificate.Authorities.Select(a => a.Subject)));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
