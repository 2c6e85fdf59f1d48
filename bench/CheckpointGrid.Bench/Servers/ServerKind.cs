namespace CheckpointGrid.Bench.Servers;

/// <summary>Which grpc.testing.TestService implementation a server process runs.</summary>
internal enum ServerKind
{
    /// <summary>CheckpointGrid's own gRPC layer on Kestrel (the interop test server).</summary>
    Ours,

    /// <summary>Node's @grpc/grpc-js (bench/peer/node_server.js).</summary>
    Node,

    /// <summary>Python grpcio, asyncio server (bench/peer/python_server.py).</summary>
    Python,
}
