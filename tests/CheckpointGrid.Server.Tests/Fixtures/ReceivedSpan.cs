using CheckpointGrid.Server.Tests.Telemetry.Otlp;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>A span as the receiver got it, with the name of the instrumentation scope (ActivitySource) that made it.</summary>
internal sealed record ReceivedSpan(string Scope, Span Span)
{
    public string? Attribute(string key) => Span.Attributes.FirstOrDefault(a => a.Key == key)?.Value?.StringValue;
}
