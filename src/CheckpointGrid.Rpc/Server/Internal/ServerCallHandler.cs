using Microsoft.AspNetCore.Http;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>
/// Runs one method's calls: refuses protocol misuse over HTTP, then runs the handler and ends
/// the call with its status. Subclasses differ only in how messages flow.
/// </summary>
internal abstract class ServerCallHandler(string path, ServerCallSettings settings)
{
    public string Path => path;

    public async Task HandleCallAsync(HttpContext httpContext)
    {
        if (!RequestValidation.TryAccept(httpContext, settings.Logger))
        {
            return;
        }
        ServerCall call;
        try
        {
            call = new ServerCall(httpContext, path, settings);
        }
        catch (RpcException ex)
        {
            // Malformed request metadata: answer trailers-only before the handler runs.
            httpContext.Response.ContentType = Protocol.GrpcProtocol.ContentType;
            StatusHeaders.Write(httpContext.Response.Headers, ex.Status, []);
            return;
        }
        using var _ = call;
        try
        {
            await HandleCoreAsync(call).ConfigureAwait(false);
            await call.CompleteAsync(call.Context.Status, call.Context.ResponseTrailers).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await call.FailAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            await call.DrainAsync().ConfigureAwait(false);
        }
    }

    protected abstract Task HandleCoreAsync(ServerCall call);
}
