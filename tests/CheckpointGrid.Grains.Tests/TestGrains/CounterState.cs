namespace CheckpointGrid.Grains.Tests.TestGrains;

public sealed class CounterState
{
    public int Value { get; set; }
}
