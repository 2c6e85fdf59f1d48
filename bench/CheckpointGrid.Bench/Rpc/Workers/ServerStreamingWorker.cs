using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Rpc.Workers;

/// <summary>StreamingOutputCall for 10,000 responses of 100 bytes, again and again; counts responses read.</summary>
internal sealed class ServerStreamingWorker(GrpcChannel channel, LoadControl control) : LoadWorker(channel, control)
{
    public override async Task RunAsync()
    {
        while (!Control.Stopping)
        {
            // Stopping mid-stream disposes the call, which resets the stream (the server sees a cancel).
            using var call = await Channel.ServerStreamingAsync(TestServiceMethods.StreamingOutputCall, BenchMessages.ServerStreaming, CallOptions);
            var responses = call.ResponseStream;
            var received = 0;
            while (!Control.Stopping && await responses.MoveNext())
            {
                BenchMessages.Check(responses.Current.Payload);
                received++;
                Count();
            }
            if (!Control.Stopping && received != BenchMessages.MessagesPerStream)
            {
                throw new InvalidOperationException($"Expected {BenchMessages.MessagesPerStream} responses, got {received}.");
            }
        }
    }
}
