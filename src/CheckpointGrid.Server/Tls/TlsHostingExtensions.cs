using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Tls;

/// <summary>Reads "Server:Tls" (and its switches), loads the certificate once, and registers what TLS needs.</summary>
internal static class TlsHostingExtensions
{
    /// <summary>Adds the TLS settings (their switches are read with the server's); <paramref name="certificate"/> is the loaded certificate, or null when TLS is off.</summary>
    public static WebApplicationBuilder AddCheckpointGridTls(this WebApplicationBuilder builder, out ServerCertificate? certificate)
    {
        var options = builder.Configuration.GetSection(ServerTlsOptions.Section).Get<ServerTlsOptions>() ?? new ServerTlsOptions();
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ServerTlsOptions.Section, typeof(ServerTlsOptions), errors);
        }
        builder.Services.AddSingleton(options);
        certificate = options.Enabled ? ServerCertificate.Load(options) : null;
        if (certificate is not null)
        {
            builder.Services.AddSingleton(certificate);
            builder.Services.AddHostedService<CertificateReporter>();
            if (options.Silo)
            {
                // UseOrleans configures the one silo builder, whichever call comes first.
                var silo = certificate;
                builder.UseOrleans(orleans => orleans.UseCheckpointGridTls(silo));
            }
        }
        return builder;
    }
}
