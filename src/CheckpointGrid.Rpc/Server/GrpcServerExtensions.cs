using CheckpointGrid.Rpc.Server.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Rpc.Server;

/// <summary>Registers the gRPC server and its services, and maps them to endpoints.</summary>
public static class GrpcServerExtensions
{
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        services.AddRouting();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrpcServiceRegistry>();
        var options = services.AddOptions<GrpcServerOptions>().Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return services;
    }

    /// <summary>Adds a service implementation, one instance for the server's lifetime.</summary>
    public static IServiceCollection AddGrpcService<TService>(this IServiceCollection services)
        where TService : class, IGrpcService
    {
        services.TryAddSingleton<TService>();
        services.AddSingleton<IGrpcService>(sp => sp.GetRequiredService<TService>());
        return services;
    }

    /// <summary>
    /// Maps every added service's methods to "/package.Service/Method", and any other
    /// two-segment gRPC path to UNIMPLEMENTED. Throws if a service leaves a method unbound.
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcServices(this IEndpointRouteBuilder endpoints)
    {
        var provider = endpoints.ServiceProvider;
        var options = provider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var time = provider.GetRequiredService<TimeProvider>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("CheckpointGrid.Rpc.Server");
        var registry = provider.GetRequiredService<GrpcServiceRegistry>();
        var stopping = ServerStopping(provider.GetRequiredService<IHostApplicationLifetime>(), options.ShutdownGracePeriod, time);
        var settings = new ServerCallSettings(options, time, logger, stopping);

        foreach (var service in provider.GetServices<IGrpcService>())
        {
            var binder = new ServiceBinder(service.Descriptor, settings);
            service.Bind(binder);
            foreach (var handler in binder.Build())
            {
                endpoints.Map(handler.Path, handler.HandleCallAsync);
            }
            registry.Add(service.Descriptor);
        }
        var unimplemented = new UnimplementedHandler(registry, logger);
        endpoints.Map("{service}/{method}", unimplemented.HandleAsync);
        return endpoints;
    }

    /// <summary>Cancelled a grace period after the host starts stopping; lives as long as the host.</summary>
    private static CancellationToken ServerStopping(IHostApplicationLifetime lifetime, TimeSpan gracePeriod, TimeProvider time)
    {
        var stopping = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        lifetime.ApplicationStopping.Register(() => stopping.CancelAfter(gracePeriod));
        return stopping.Token;
    }
}
