namespace CheckpointGrid.Grains.Tests.TestGrains;

public interface IFlakyGrain
{
    Task<string> Ping();
}
