using System.Net;
using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The interop test server: grpc.testing.TestService on 127.0.0.1:--port over h2c.
var builder = WebApplication.CreateSlimBuilder(args);
var port = builder.Configuration.GetValue("port", 0);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpcServer();
builder.Services.AddGrpcService<TestServiceImpl>();

var app = builder.Build();
app.MapGrpcServices();
app.Run();
