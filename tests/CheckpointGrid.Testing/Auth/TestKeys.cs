using CheckpointGrid.Security;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Testing.Auth;

/// <summary>
/// Signing keys for a test server, written as a server reads them: <see cref="PublicKeyPath"/> holds the public keys of
/// every trusted key (several when a test rotates). Tokens come from CheckpointGrid.Security's minter, the one the CLI
/// uses. Disposing deletes the files.
/// </summary>
public sealed class TestKeys : IDisposable
{
    private readonly string _directory;
    private readonly List<ECDsaSecurityKey> _trusted;

    private TestKeys(string directory, List<ECDsaSecurityKey> trusted, string publicKeyPath)
    {
        _directory = directory;
        _trusted = trusted;
        PublicKeyPath = publicKeyPath;
    }

    /// <summary>The file to give the server's --jwt-key.</summary>
    public string PublicKeyPath { get; }

    /// <summary>The directory the files are in; a test may write more key files there.</summary>
    public string Directory => _directory;

    /// <summary>Writes <paramref name="trustedKeys"/> new key pairs; the public key file lists them all, in order.</summary>
    public static TestKeys Create(int trustedKeys = 1)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("checkpointgrid-test-keys-").FullName;
        var trusted = new List<ECDsaSecurityKey>();
        var publicKeys = new List<string>();
        for (var i = 0; i < trustedKeys; i++)
        {
            using var key = EcKeyFiles.Generate();
            var (privatePath, publicPath) = EcKeyFiles.WriteKeyPair(key, Path.Combine(directory, $"key{i}"));
            trusted.Add(EcKeyFiles.LoadSigningKey(privatePath));
            publicKeys.Add(File.ReadAllText(publicPath));
        }
        var publicKeyPath = Path.Combine(directory, "trusted.pub");
        File.WriteAllText(publicKeyPath, string.Concat(publicKeys));
        return new TestKeys(directory, trusted, publicKeyPath);
    }

    /// <summary>A key the server does not trust, for forged tokens.</summary>
    public static ECDsaSecurityKey Foreign()
    {
        var key = EcKeyFiles.Generate();
        return new ECDsaSecurityKey(key) { KeyId = JwkThumbprint.Of(key) };
    }

    /// <summary>The trusted signing key number <paramref name="index"/>.</summary>
    public ECDsaSecurityKey Signing(int index = 0) => _trusted[index];

    /// <summary>A token for <paramref name="role"/>, valid for an hour, signed by the first trusted key.</summary>
    public MintedToken Mint(string role, params string[] checkpoints) =>
        Mint(new TokenRequest(role, checkpoints, TimeSpan.FromHours(1)));

    /// <summary>A token for <paramref name="request"/>, signed by <paramref name="key"/> (the first trusted key when null).</summary>
    public MintedToken Mint(TokenRequest request, ECDsaSecurityKey? key = null) => new TokenMinter(key ?? _trusted[0]).Mint(request);

    /// <summary>Call headers carrying <paramref name="token"/> as a bearer token.</summary>
    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}
