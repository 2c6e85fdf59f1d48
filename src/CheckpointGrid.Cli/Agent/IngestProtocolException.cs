namespace CheckpointGrid.Cli.Agent;

/// <summary>The server broke the Ingest stream's protocol (e.g. answered open with an ack).</summary>
public sealed class IngestProtocolException(string message) : Exception(message);
