namespace CheckpointGrid.Server.Tls;

/// <summary>What the server says about its certificate at start.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(1, LogLevel.Information, "TLS certificate {Subject} (thumbprint {Thumbprint}), valid until {NotAfter:yyyy-MM-dd} UTC")]
    public static partial void Certificate(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(2, LogLevel.Warning, "TLS certificate {Subject} (thumbprint {Thumbprint}) is {Problem}: clients that verify it will refuse to connect.")]
    public static partial void CertificateNotValid(ILogger logger, string subject, string thumbprint, string problem);

    [LoggerMessage(3, LogLevel.Warning, "TLS certificate {Subject} expires in {Days} days, on {NotAfter:yyyy-MM-dd} UTC: renew it.")]
    public static partial void CertificateExpiresSoon(ILogger logger, string subject, int days, DateTime notAfter);

    [LoggerMessage(4, LogLevel.Information, "Silo-to-silo traffic over TLS; peers must present a certificate issued by {Authorities}")]
    public static partial void SiloTls(ILogger logger, string authorities);
}
