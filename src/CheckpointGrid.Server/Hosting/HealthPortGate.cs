namespace CheckpointGrid.Server.Hosting;

/// <summary>
/// Keeps the cleartext health port to grpc.health.v1.Health: any other request that arrives on it is 404, which a gRPC
/// client reads as UNIMPLEMENTED. The other ports are untouched.
/// </summary>
internal sealed class HealthPortGate(RequestDelegate next, ServerEndpoints endpoints)
{
    private static readonly PathString HealthService = "/grpc.health.v1.Health";

    public Task InvokeAsync(HttpContext context)
    {
        // Every listener binds the same address, so the local port tells which one took the connection.
        if (context.Connection.LocalPort == endpoints.Health!.IPEndPoint!.Port && !context.Request.Path.StartsWithSegments(HealthService))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(context);
    }
}
