using System.Reflection;

namespace CheckpointGrid.Server.Operations;

/// <summary>The server's version as built (the assembly's informational version).</summary>
internal static class ServerVersion
{
    public static readonly string Current =
        typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ServerVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
