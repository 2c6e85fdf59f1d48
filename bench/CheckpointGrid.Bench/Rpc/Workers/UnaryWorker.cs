using System.Diagnostics;
using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Rpc.Workers;

/// <summary>UnaryCall back to back: 100 bytes up, 100 bytes down; each call timed.</summary>
internal sealed class UnaryWorker(GrpcChannel channel, LoadControl control) : LoadWorker(channel, control)
{
    public override async Task RunAsync()
    {
        while (!Control.Stopping)
        {
            var start = Stopwatch.GetTimestamp();
            var response = await Channel.UnaryAsync(TestServiceMethods.UnaryCall, BenchMessages.Unary, CallOptions);
            var elapsed = Stopwatch.GetTimestamp() - start;
            BenchMessages.Check(response.Payload);
            Record(elapsed);
        }
    }
}
