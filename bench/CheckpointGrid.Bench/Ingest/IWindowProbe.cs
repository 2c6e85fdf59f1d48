namespace CheckpointGrid.Bench.Ingest;

/// <summary>Something more a phase measures over its window, beside the servers' CPU: read at the window's start, then at its end.</summary>
internal interface IWindowProbe
{
    Task StartAsync();

    /// <summary>The numbers over the window of <paramref name="seconds"/>, by name.</summary>
    Task<IReadOnlyDictionary<string, double>> StopAsync(double seconds);
}
