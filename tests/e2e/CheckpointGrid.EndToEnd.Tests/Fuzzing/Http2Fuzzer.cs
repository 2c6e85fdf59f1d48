using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace CheckpointGrid.EndToEnd.Tests.Fuzzing;

/// <summary>
/// Raw HTTP/2 on a TCP connection: the connection preface and SETTINGS, often a well-formed gRPC HEADERS frame, then
/// frames of every type with random flags, stream ids, payloads and lengths that lie (too short, too long, past the
/// frame size limit), mutated copies of valid frames among them. Reads whatever the server answers until it closes.
/// </summary>
internal sealed class Http2Fuzzer(string host, int port, Random random)
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private static readonly TimeSpan ConnectionBound = TimeSpan.FromSeconds(2);

    public int Connections { get; private set; }

    public int Frames { get; private set; }

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
                await stream.WriteAsync(random.Next(20) == 0 ? Mutations.Damage(random, Preface) : Preface, bound.Token);
                await stream.WriteAsync(Frame(type: 4, flags: 0, streamId: 0, []), bound.Token);
                var streamId = 1;
                if (random.Next(2) == 0)
                {
                    await stream.WriteAsync(Frame(type: 1, flags: 0x4, streamId, GrpcHeaders(random)), bound.Token);
                }
                for (var f = random.Next(1, 40); f > 0; f--)
                {
                    await stream.WriteAsync(RandomFrame(ref streamId), bound.Token);
                    Frames++;
                }
                // Whatever the server says back (SETTINGS, GOAWAY, RST_STREAM, responses) until it closes, within the bound.
                var buffer = new byte[16 * 1024];
                while (await stream.ReadAsync(buffer, bound.Token) > 0)
                {
                }
            }
            catch (Exception error) when (error is SocketException or IOException or OperationCanceledException)
            {
                // The server closed on us, or stayed quiet until the bound: both fine.
            }
            Connections++;
        }
    }

    private byte[] RandomFrame(ref int streamId)
    {
        var type = random.Next(12) == 0 ? (byte)random.Next(10, 256) : (byte)random.Next(10);
        var flags = (byte)random.Next(256);
        var id = random.Next(4) switch
        {
            0 => 0,
            1 => streamId += 2,
            2 => random.Next(int.MaxValue),
            _ => streamId,
        };
        var payload = type switch
        {
            0 => Mutations.Frame(Mutations.RandomProto(random)),
            1 => random.Next(2) == 0 ? Mutations.Damage(random, GrpcHeaders(random)) : Mutations.RandomBytes(random, 200),
            _ => Mutations.RandomBytes(random, 64),
        };
        uint? lie = random.Next(6) switch
        {
            0 => (uint)Math.Max(0, payload.Length - random.Next(1, 9)),
            1 => (uint)(payload.Length + random.Next(1, 100)),
            2 => 0xFF_FFFF,
            _ => null,
        };
        return Frame(type, flags, id, payload, lie);
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload, uint? declaredLength = null)
    {
        var frame = new byte[9 + payload.Length];
        var length = declaredLength ?? (uint)payload.Length;
        frame[0] = (byte)(length >> 16);
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId & int.MaxValue);
        payload.CopyTo(frame, 9);
        return frame;
    }

    /// <summary>HPACK for a gRPC POST to one of the server's paths, every field a literal without indexing.</summary>
    private static byte[] GrpcHeaders(Random random)
    {
        string[] paths = ["/checkpointgrid.v1.IngestService/Ingest", "/checkpointgrid.v1.QueryService/GetNationalCounts", "/checkpointgrid.v1.WatchService/Watch", "/grpc.health.v1.Health/Check"];
        using var block = new MemoryStream();
        foreach (var (name, value) in new[]
        {
            (":method", "POST"), (":scheme", "http"), (":path", paths[random.Next(paths.Length)]), (":authority", "127.0.0.1"),
            ("content-type", "application/grpc"), ("te", "trailers"),
        })
        {
            block.WriteByte(0x00);
            WriteString(block, name);
            WriteString(block, value);
        }
        return block.ToArray();
    }

    private static void WriteString(Stream block, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        block.WriteByte((byte)bytes.Length); // all under 127: a one-byte length, no Huffman
        block.Write(bytes);
    }
}
