using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Watch;
using Google.Protobuf;

namespace CheckpointGrid.Server.Web;

/// <summary>
/// Writes watch messages as Server-Sent Events: "event:" snapshot, update or heartbeat, and "data:" the
/// message in the protos' JSON mapping, zeros included so that pages need no defaults.
/// </summary>
internal sealed class EventStreamSink(HttpResponse response)
{
    /// <summary>The protos' JSON mapping, with default values written out.</summary>
    public static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>Starts the stream: headers that keep proxies from buffering or caching it, and how soon a browser reconnects.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 2000\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task WriteAsync(WatchMessage message, CancellationToken cancellationToken)
    {
        var name = message.Kind switch
        {
            WatchResponse.PayloadOneofCase.Snapshot => "snapshot",
            WatchResponse.PayloadOneofCase.Update => "update",
            _ => "heartbeat",
        };
        await response.WriteAsync($"event: {name}\ndata: {Json.Format(message.ToResponse())}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
