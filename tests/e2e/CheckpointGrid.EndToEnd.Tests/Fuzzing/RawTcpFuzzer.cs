using System.Net.Sockets;

namespace CheckpointGrid.EndToEnd.Tests.Fuzzing;

/// <summary>Random bytes on raw TCP connections to the gRPC port (sometimes after a few plausible HTTP bytes); reads until the server closes.</summary>
internal sealed class RawTcpFuzzer(string host, int port, Random random)
{
    private static readonly byte[][] Openings = ["PRI * HTTP/2.0\r\n"u8.ToArray(), "GET / HTTP/1.1\r\n"u8.ToArray(), [0x16, 0x03, 0x01], []];
    private static readonly TimeSpan ConnectionBound = TimeSpan.FromSeconds(1);

    public int Connections { get; private set; }

    public async Task RunAsync(int maxConnections, CancellationToken stop)
    {
        for (var i = 0; i < maxConnections && !stop.IsCancellationRequested; i++)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(stop);
            bound.CancelAfter(ConnectionBound);
            try
            {
                using var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(host, port, bound.Token);
                var stream = client.GetStream();
                await stream.WriteAsync(Openings[random.Next(Openings.Length)], bound.Token);
                await stream.WriteAsync(Mutations.RandomBytes(random, 4096), bound.Token);
                var buffer = new byte[4096];
                while (await stream.ReadAsync(buffer, bound.Token) > 0)
                {
                }
            }
            catch (Exception error) when (error is SocketException or IOException or OperationCanceledException)
            {
                // Closed by the server, or quiet until the bound.
            }
            Connections++;
        }
    }
}
