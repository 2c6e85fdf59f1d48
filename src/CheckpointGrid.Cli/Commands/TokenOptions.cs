using System.CommandLine;

namespace CheckpointGrid.Cli.Commands;

/// <summary>The bearer token a command sends to the server: --token, --token-file, or the CHECKPOINTGRID_TOKEN environment variable.</summary>
internal sealed class TokenOptions
{
    public const string EnvironmentVariable = "CHECKPOINTGRID_TOKEN";

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"Bearer token for a server that requires one (prefer --token-file or {EnvironmentVariable}: a command line is visible to other users).",
    };

    private readonly Option<string?> _tokenFile = new("--token-file")
    {
        Description = "File holding the bearer token (as `checkpointgrid token issue` prints it).",
        CustomParser = result =>
        {
            var path = result.Tokens[0].Value;
            try
            {
                var token = File.ReadAllText(path).Trim();
                if (token.Length == 0)
                {
                    result.AddError($"--token-file: {path} is empty.");
                }
                return token;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                result.AddError($"--token-file: cannot read {path} ({e.Message}).");
                return null;
            }
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_token);
        command.Options.Add(_tokenFile);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_token) is not null && result.GetResult(_tokenFile) is not null)
            {
                result.AddError("--token and --token-file: give one or the other.");
            }
        });
    }

    /// <summary>The token given, by option or environment; null when none (an open server needs none).</summary>
    public string? Value(ParseResult parse)
    {
        var token = parse.GetValue(_token) ?? parse.GetValue(_tokenFile) ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }
}
