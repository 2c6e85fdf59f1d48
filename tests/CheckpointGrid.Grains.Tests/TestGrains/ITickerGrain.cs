namespace CheckpointGrid.Grains.Tests.TestGrains;

public interface ITickerGrain
{
    Task Start(TimeSpan period);

    Task Stop();

    /// <summary>Journals <paramref name="entry"/> as a turn of its own.</summary>
    Task Record(string entry);

    Task<int> TickCount();
}
