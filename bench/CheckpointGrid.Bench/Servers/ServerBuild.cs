using System.Diagnostics;

namespace CheckpointGrid.Bench.Servers;

/// <summary>
/// A build of the server to start: an output directory holding CheckpointGrid.Server.dll (and its
/// appsettings.json, the working directory it runs in), and the name the report gives it.
/// </summary>
internal sealed record ServerBuild(string Name, string Directory)
{
    private const string ServerDll = "CheckpointGrid.Server.dll";

    /// <summary>The server built beside the bench (through its project reference): this tree's.</summary>
    public static ServerBuild Current { get; } = new("new", AppContext.BaseDirectory);

    public string Dll => Path.Combine(Directory, ServerDll);

    /// <summary>What the build says it was built from: its informational version, "1.0.0+&lt;commit&gt;" when built in a git checkout.</summary>
    public string? Version => FileVersionInfo.GetVersionInfo(Dll).ProductVersion;

    /// <summary>Another build's output directory, for A/B runs; <see cref="ArgumentException"/> if it holds no server.</summary>
    public static ServerBuild Baseline(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(full, ServerDll)))
        {
            throw new ArgumentException($"--baseline: '{full}' has no {ServerDll} (give the server's build output, e.g. src/CheckpointGrid.Server/bin/Release/net10.0).");
        }
        return new ServerBuild("baseline", full);
    }

    public override string ToString() => $"{Name} ({Dll}{(Version is { } version ? ", " + version : "")})";
}
