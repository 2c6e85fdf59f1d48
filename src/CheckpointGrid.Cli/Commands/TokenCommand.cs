using System.CommandLine;
using System.Globalization;
using CheckpointGrid.Security;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`token keygen | issue`: ES256 key pairs and bearer tokens, made offline from the private key.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", """
            Makes the bearer tokens a server started with --jwt-key accepts, offline: no server is called.
            Examples: checkpointgrid token keygen --out ops
                      checkpointgrid token issue --signing-key ops.key --role terminal --checkpoint PA-DAR-SVC --expires 30d --subject svc-laptop-1
            """)
        {
            Keygen(),
            Issue(),
        };
        return command;
    }

    private static Command Keygen()
    {
        var output = new Option<string>("--out") { Description = "Base name of the key files: NAME.key (private, mode 0600) and NAME.pub (the server's --jwt-key).", Required = true };
        var command = new Command("keygen", """
            Makes an ES256 (P-256) key pair. Keep NAME.key where tokens are minted, and give NAME.pub to the
            servers. To rotate, append a new key's .pub to the servers' key file, mint with the new key, and
            remove the old public key once its tokens have expired.
            """)
        {
            output,
        };
        command.SetAction(async parse =>
        {
            using var key = EcKeyFiles.Generate();
            try
            {
                var (privatePath, publicPath) = EcKeyFiles.WriteKeyPair(key, parse.GetRequiredValue(output));
                await parse.InvocationConfiguration.Error.WriteLineAsync($"private key: {privatePath}\npublic key:  {publicPath}\nkid:         {JwkThumbprint.Of(key)}");
                return 0;
            }
            catch (Exception error) when (error is KeyFileException or IOException or UnauthorizedAccessException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"token keygen: {error.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Issue()
    {
        var signingKey = new Option<string>("--signing-key") { Description = "The private key file (from `token keygen`).", Required = true };
        var role = new Option<string>("--role") { Description = "terminal (writes to its --checkpoint ids only), viewer (reads and watches) or admin (catalog, revocation).", Required = true };
        role.AcceptOnlyFromAmong([.. TokenRoles.All]);
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "A checkpoint a terminal token may write to, e.g. PA-DAR-SVC; repeat for more. Terminal tokens only." };
        var expires = new Option<TimeSpan>("--expires")
        {
            Description = "Lifetime: a whole number and d, h or m, e.g. 30d, 12h, 90m.",
            Required = true,
            CustomParser = result =>
            {
                if (TokenLifetime.TryParse(result.Tokens[0].Value, out var lifetime, out var error))
                {
                    return lifetime;
                }
                result.AddError($"--expires: {error}");
                return default;
            },
        };
        var subject = new Option<string?>("--subject") { Description = "Who holds the token, e.g. the terminal's name (sub claim); the role when not given." };
        var issuer = new Option<string>("--issuer") { Description = "The iss claim; must match the server's Auth:Issuer.", DefaultValueFactory = _ => TokenDefaults.Issuer };
        var audience = new Option<string>("--audience") { Description = "The aud claim; must match the server's Auth:Audience.", DefaultValueFactory = _ => TokenDefaults.Audience };
        var command = new Command("issue", """
            Mints a token and prints it alone on stdout; its id (jti, what `RevokeToken` takes) and expiry go
            to stderr. Keep the jti with the record of who holds the token.
            """)
        {
            signingKey, role, checkpoints, expires, subject, issuer, audience,
        };
        command.SetAction(async parse =>
        {
            var request = new TokenRequest(parse.GetRequiredValue(role), parse.GetValue(checkpoints) ?? [], parse.GetValue(expires))
            {
                Subject = parse.GetValue(subject),
                Issuer = parse.GetRequiredValue(issuer),
                Audience = parse.GetRequiredValue(audience),
            };
            var errors = TokenMinter.Validate(request).ToList();
            if (errors.Count > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("token issue: " + string.Join(" ", errors));
                return 1;
            }
            try
            {
                var minted = new TokenMinter(EcKeyFiles.LoadSigningKey(parse.GetRequiredValue(signingKey))).Mint(request);
                await parse.InvocationConfiguration.Output.WriteLineAsync(minted.Token);
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"jti: {minted.TokenId}\nexpires: {minted.Expires.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}");
                return 0;
            }
            catch (KeyFileException error)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"token issue: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
