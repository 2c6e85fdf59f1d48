namespace CheckpointGrid.Grains.Tests.TestGrains;

public interface ICounterGrain
{
    /// <summary>Adds and stores at once; returns the new value.</summary>
    Task<int> Add(int amount);

    /// <summary>Adds without storing; the value is stored when the grain deactivates.</summary>
    Task AddUnsaved(int amount);

    Task<int> Get();

    /// <summary>Which activation of this grain serves the call, from 1.</summary>
    Task<int> ActivationNumber();

    Task Fail();

    Task FailAtOnce();

    Task StayActive();

    Task LetGo();

    Task Deactivate();

    /// <summary>Asks to deactivate, reports "deactivate" as entered, then waits for <paramref name="gate"/>.</summary>
    Task DeactivateThenWait(Task gate);

    /// <summary>Reports "hold" as entered, then waits for <paramref name="gate"/>.</summary>
    Task Hold(Task gate);
}
