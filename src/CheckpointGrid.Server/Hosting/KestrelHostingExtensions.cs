using CheckpointGrid.Server.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Kestrel's listeners, their protocols and TLS, and the limits every connection is held to.</summary>
internal static class KestrelHostingExtensions
{
    public static WebApplicationBuilder AddCheckpointGridKestrel(
        this WebApplicationBuilder builder, ServerOptions options, ServerEndpoints endpoints, ServerCertificate? certificate)
    {
        var limits = builder.Configuration.GetSection(ServerLimitsOptions.Section).Get<ServerLimitsOptions>() ?? new ServerLimitsOptions();
        var errors = limits.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ServerLimitsOptions.Section, typeof(ServerLimitsOptions), errors);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            limits.ApplyTo(kestrel.Limits);
            var address = options.ParsedBindAddress;
            kestrel.Listen(address, options.Port, listen =>
            {
                // Cleartext HTTP/2 needs prior knowledge, so that port is gRPC alone; with TLS, ALPN tells HTTP/2 from
                // HTTP/1.1 and the page and /healthz are served on the gRPC port as well.
                listen.Protocols = certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                UseTls(listen, certificate);
                endpoints.Grpc = listen;
            });
            kestrel.Listen(address, options.HttpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                UseTls(listen, certificate);
                endpoints.Web = listen;
            });
            if (options.HealthPort != 0)
            {
                kestrel.Listen(address, options.HealthPort, listen =>
                {
                    // Never TLS: the kubelet's gRPC probe speaks cleartext HTTP/2 only. HealthPortGate keeps this
                    // port to grpc.health.v1, which is open to anyone on the other ports too.
                    listen.Protocols = HttpProtocols.Http2;
                    endpoints.Health = listen;
                });
            }
        });
        return builder;
    }

    private static void UseTls(ListenOptions listen, ServerCertificate? certificate)
    {
        if (certificate is null)
        {
            return;
        }
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate.Certificate,
            ServerCertificateChain = certificate.Intermediates,
            ClientCertificateMode = ClientCertificateMode.NoCertificate,
        });
    }
}
