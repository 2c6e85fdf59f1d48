namespace CheckpointGrid.Security;

/// <summary>A key file that cannot be used; the message names the file and what is wrong with it.</summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(string path, string problem, Exception? inner = null)
        : base($"Key file {path}: {problem}", inner)
    {
        Path = path;
    }

    /// <summary>The file at fault.</summary>
    public string Path { get; }
}
