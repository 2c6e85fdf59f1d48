namespace CheckpointGrid.Grains.Tests.TestGrains;

public interface IJournalGrain
{
    Task Append(int value);

    Task<List<int>> Entries();

    /// <summary>The id of Activity.Current as the grain sees it.</summary>
    Task<string?> CurrentActivityId();

    /// <summary>Journals "{name}:start", reports <paramref name="name"/> as entered, waits for <paramref name="gate"/>, journals "{name}:end".</summary>
    Task Enter(string name, Task gate);
}
