namespace CheckpointGrid.Cli.Data;

/// <summary>Opens the tool's embedded data files.</summary>
internal static class EmbeddedText
{
    public static StreamReader Open(string resourceName)
    {
        var stream = typeof(EmbeddedText).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing from the build.");
        return new StreamReader(stream);
    }
}
