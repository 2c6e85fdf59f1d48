using CheckpointGrid.Bench.Rpc.Workers;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Rpc;

/// <summary>One load shape: <see cref="Streams"/> workers, each making calls of one kind back to back.</summary>
internal sealed record Scenario(
    string Kind,
    int Streams,
    string Unit,
    bool MeasuresLatency,
    Func<GrpcChannel, LoadControl, LoadWorker> CreateWorker)
{
    public string Name => $"{Kind} x{Streams}";
}
