using CheckpointGrid.Security;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// Bearer tokens; section "Auth", or --jwt-key, --jwt-issuer, --jwt-audience. No <see cref="JwtKeyPath"/> is open
/// mode: no token asked for, as before tokens existed.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>A PEM file of one or more ES256 public keys ("PUBLIC KEY" blocks); a token signed by any of them is accepted.</summary>
    public string? JwtKeyPath { get; set; }

    /// <summary>The <c>iss</c> a token must carry.</summary>
    public string Issuer { get; set; } = TokenDefaults.Issuer;

    /// <summary>The <c>aud</c> a token must carry.</summary>
    public string Audience { get; set; } = TokenDefaults.Audience;

    /// <summary>Whether tokens are required.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(JwtKeyPath);

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    internal static readonly Dictionary<string, string> Switches = new()
    {
        ["--jwt-key"] = $"{Section}:{nameof(JwtKeyPath)}",
        ["--jwt-issuer"] = $"{Section}:{nameof(Issuer)}",
        ["--jwt-audience"] = $"{Section}:{nameof(Audience)}",
    };

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            yield return "Auth:Issuer (--jwt-issuer) is empty.";
        }
        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "Auth:Audience (--jwt-audience) is empty.";
        }
    }
}
