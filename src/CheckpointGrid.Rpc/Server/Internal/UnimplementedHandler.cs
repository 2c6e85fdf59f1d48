using CheckpointGrid.Rpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>Answers gRPC calls to services or methods this server does not have with UNIMPLEMENTED.</summary>
internal sealed class UnimplementedHandler(GrpcServiceRegistry registry, ILogger logger)
{
    private static readonly Status UnknownService = new(StatusCode.Unimplemented, "Service is unimplemented.");
    private static readonly Status UnknownMethod = new(StatusCode.Unimplemented, "Method is unimplemented.");

    public Task HandleAsync(HttpContext httpContext)
    {
        if (!GrpcProtocol.IsGrpcContentType(httpContext.Request.ContentType))
        {
            httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (!RequestValidation.TryAccept(httpContext, logger))
        {
            return Task.CompletedTask;
        }
        GrpcServerLog.Unimplemented(logger, httpContext.Request.Path);
        var service = httpContext.Request.RouteValues["service"] as string;
        var known = false;
        foreach (var descriptor in registry.Services)
        {
            known |= descriptor.FullName == service;
        }
        httpContext.Response.ContentType = GrpcProtocol.ContentType;
        StatusHeaders.Write(httpContext.Response.Headers, known ? UnknownMethod : UnknownService, []);
        return Task.CompletedTask;
    }
}
