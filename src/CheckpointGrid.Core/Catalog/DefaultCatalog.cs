namespace CheckpointGrid.Core.Catalog;

/// <summary>The real Panamanian checkpoints the server ships with, read once from the embedded checkpoints.csv.</summary>
public static class DefaultCatalog
{
    private const string ResourceName = "CheckpointGrid.Core.Catalog.checkpoints.csv";

    private static readonly Lazy<IReadOnlyList<Checkpoint>> Loaded = new(Load);

    /// <summary>The default checkpoints, in the file's order.</summary>
    public static IReadOnlyList<Checkpoint> Checkpoints => Loaded.Value;

    private static IReadOnlyList<Checkpoint> Load()
    {
        using var stream = typeof(DefaultCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        try
        {
            return CheckpointCsv.Read(reader);
        }
        catch (FormatException error)
        {
            throw new InvalidOperationException($"The embedded checkpoints.csv is malformed: {error.Message}", error);
        }
    }
}
