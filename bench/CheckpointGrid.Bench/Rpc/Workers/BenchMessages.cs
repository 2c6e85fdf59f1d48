using Google.Protobuf;
using Grpc.Testing;

namespace CheckpointGrid.Bench.Rpc.Workers;

/// <summary>
/// The requests every worker sends, built once and shared (sending only reads them): 100-byte
/// payloads each way, and streams long enough that a call's set-up is noise in its throughput.
/// </summary>
internal static class BenchMessages
{
    public const int PayloadSize = 100;

    /// <summary>Responses per server-streaming call, and requests per client-streaming call.</summary>
    public const int MessagesPerStream = 10_000;

    /// <summary>Round trips per ping-pong call before it is ended and another started.</summary>
    public const int RoundTripsPerStream = 100_000;

    public static readonly SimpleRequest Unary = new()
    {
        ResponseType = PayloadType.Compressable,
        ResponseSize = PayloadSize,
        Payload = NewPayload(),
    };

    public static readonly StreamingOutputCallRequest ServerStreaming = NewServerStreaming();

    public static readonly StreamingInputCallRequest ClientStreaming = new() { Payload = NewPayload() };

    public static readonly StreamingOutputCallRequest PingPong = new()
    {
        ResponseType = PayloadType.Compressable,
        ResponseParameters = { new ResponseParameters { Size = PayloadSize } },
        Payload = NewPayload(),
    };

    /// <summary>Each response is checked (a length read, no allocation): a wrong answer fails the run.</summary>
    public static void Check(Payload? payload)
    {
        if (payload is null || payload.Body.Length != PayloadSize)
        {
            throw new InvalidOperationException($"Expected a {PayloadSize}-byte payload, got {payload?.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.");
        }
    }

    private static Payload NewPayload() => new()
    {
        Type = PayloadType.Compressable,
        Body = ByteString.CopyFrom(new byte[PayloadSize]),
    };

    private static StreamingOutputCallRequest NewServerStreaming()
    {
        var request = new StreamingOutputCallRequest { ResponseType = PayloadType.Compressable };
        for (var i = 0; i < MessagesPerStream; i++)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = PayloadSize });
        }
        return request;
    }
}
