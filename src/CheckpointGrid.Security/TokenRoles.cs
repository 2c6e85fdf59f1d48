namespace CheckpointGrid.Security;

/// <summary>The roles a token's <c>role</c> claim names; one role per token, so a lost laptop's token can do one job only.</summary>
public static class TokenRoles
{
    /// <summary>A checkpoint terminal: writes events, only to the checkpoints its token lists.</summary>
    public const string Terminal = "terminal";

    /// <summary>A dashboard or analyst: reads and watches everything, writes nothing.</summary>
    public const string Viewer = "viewer";

    /// <summary>An operator: catalog changes and revocation, and everything a viewer may do.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, in the order the CLI lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Terminal, Viewer, Admin];

    /// <summary>Whether <paramref name="role"/> is one of <see cref="All"/> (ordinal: roles are lowercase on the wire).</summary>
    public static bool IsKnown(string? role) => role is Terminal or Viewer or Admin;
}
