using System.Diagnostics;
using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Rpc.Workers;

/// <summary>FullDuplexCall as ping-pong: write one request, read its one response, repeat; each round trip timed.</summary>
internal sealed class PingPongWorker(GrpcChannel channel, LoadControl control) : LoadWorker(channel, control)
{
    public override async Task RunAsync()
    {
        while (!Control.Stopping)
        {
            using var call = Channel.Start(TestServiceMethods.FullDuplexCall, CallOptions);
            var requests = call.RequestStream;
            var responses = call.ResponseStream;
            for (var i = 0; i < BenchMessages.RoundTripsPerStream && !Control.Stopping; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await requests.WriteAsync(BenchMessages.PingPong);
                if (!await responses.MoveNext())
                {
                    throw new InvalidOperationException("The server ended the ping-pong stream early.");
                }
                var elapsed = Stopwatch.GetTimestamp() - start;
                BenchMessages.Check(responses.Current.Payload);
                Record(elapsed);
            }
            await requests.CompleteAsync();
            if (await responses.MoveNext())
            {
                throw new InvalidOperationException("The server sent a response nobody asked for.");
            }
        }
    }
}
