namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>Awaiting with a bound: a test that would hang fails instead.</summary>
public static class TestWaits
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);
}
