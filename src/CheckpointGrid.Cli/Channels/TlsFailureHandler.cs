using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace CheckpointGrid.Cli.Channels;

/// <summary>
/// Verifies the server's certificate against a <see cref="ServerTrust"/> and, when the handshake fails, replaces
/// .NET's "The SSL connection could not be established" with what an operator can act on: which server, which
/// certificate, why it is not trusted, and what to pass.
/// </summary>
internal sealed class TlsFailureHandler : DelegatingHandler
{
    private readonly ServerTrust _trust;
    private volatile string? _rejection;

    public TlsFailureHandler(SocketsHttpHandler inner, ServerTrust trust)
        : base(inner)
    {
        _trust = trust;
        inner.SslOptions.CertificateChainPolicy = trust.ChainPolicy();
        inner.SslOptions.RemoteCertificateValidationCallback = Validate;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error) when (IsTlsFailure(error))
        {
            var server = request.RequestUri is { } uri ? $"{uri.Scheme}://{uri.Authority}" : "the server";
            var reason = _rejection ?? Innermost(error).Message;
            throw new HttpRequestException(HttpRequestError.SecureConnectionError,
                $"TLS to {server} failed: {reason}. The certificate must chain to {_trust.Description}"
                + (_trust.CaPath is null ? "; for a private CA, pass its certificate with --ca FILE." : "."));
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        _rejection = Describe(certificate, chain, errors);
        return false;
    }

    private static string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server sent no certificate";
        }
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("it is not issued for this host name or address");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => $"{s.Status} ({s.StatusInformation.Trim()})").Distinct().ToList() ?? [];
            reasons.Add(statuses.Count > 0 ? string.Join(", ", statuses) : "its chain is not trusted");
        }
        return $"the server's certificate '{certificate.Subject}' (issued by '{certificate.Issuer}') is not trusted: {string.Join("; ", reasons)}";
    }

    private static bool IsTlsFailure(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return true;
            }
        }
        return false;
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }
        return error;
    }
}
