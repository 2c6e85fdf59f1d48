using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Rpc.Workers;

/// <summary>
/// StreamingInputCall with up to 10,000 requests of 100 bytes, again and again; counts requests
/// written, and checks the server's total so that every counted message did arrive.
/// </summary>
internal sealed class ClientStreamingWorker(GrpcChannel channel, LoadControl control) : LoadWorker(channel, control)
{
    public override async Task RunAsync()
    {
        while (!Control.Stopping)
        {
            using var call = Channel.Start(TestServiceMethods.StreamingInputCall, CallOptions);
            var requests = call.RequestStream;
            var sent = 0;
            for (; sent < BenchMessages.MessagesPerStream && !Control.Stopping; sent++)
            {
                await requests.WriteAsync(BenchMessages.ClientStreaming);
                Count();
            }
            await requests.CompleteAsync();
            var response = await call.ResponseAsync;
            if (response.AggregatedPayloadSize != sent * BenchMessages.PayloadSize)
            {
                throw new InvalidOperationException($"Sent {sent * BenchMessages.PayloadSize} payload bytes, the server counted {response.AggregatedPayloadSize}.");
            }
        }
    }
}
