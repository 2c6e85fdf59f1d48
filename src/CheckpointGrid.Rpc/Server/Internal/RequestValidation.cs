using CheckpointGrid.Rpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>Refuses, at the HTTP level, requests that are not gRPC over HTTP/2.</summary>
internal static class RequestValidation
{
    public static bool TryAccept(HttpContext httpContext, ILogger logger)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            return Refuse(httpContext, logger, StatusCodes.Status426UpgradeRequired,
                $"Request protocol '{request.Protocol}' is not supported; gRPC needs HTTP/2.");
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            httpContext.Response.Headers.Allow = HttpMethods.Post;
            return Refuse(httpContext, logger, StatusCodes.Status405MethodNotAllowed,
                $"Request method '{request.Method}' is not supported; gRPC calls are POST.");
        }
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            return Refuse(httpContext, logger, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; gRPC calls are application/grpc.");
        }
        return true;
    }

    private static bool Refuse(HttpContext httpContext, ILogger logger, int httpStatus, string reason)
    {
        GrpcServerLog.ProtocolError(logger, httpContext.Request.Path, httpStatus, reason);
        StatusHeaders.WriteHttpError(httpContext.Response, httpStatus, reason);
        return false;
    }
}
