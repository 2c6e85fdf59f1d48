using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Security;

/// <summary>
/// ES256 key files in PEM. A private key file holds one key ("PRIVATE KEY", PKCS#8, or "EC PRIVATE KEY"); a public key
/// file holds one or more "PUBLIC KEY" blocks, which is how keys rotate: append the new key, mint with it, and remove
/// the old one once its tokens have expired.
/// </summary>
public static class EcKeyFiles
{
    /// <summary>The extension <see cref="WriteKeyPair"/> gives the private key.</summary>
    public const string PrivateKeyExtension = ".key";

    /// <summary>The extension <see cref="WriteKeyPair"/> gives the public key.</summary>
    public const string PublicKeyExtension = ".pub";

    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>The signing key in <paramref name="path"/>, its <c>KeyId</c> the public key's thumbprint.</summary>
    /// <exception cref="KeyFileException">The file is missing or holds no usable P-256 private key.</exception>
    public static ECDsaSecurityKey LoadSigningKey(string path)
    {
        var blocks = ReadBlocks(path);
        if (blocks.Count != 1 || blocks[0].Label is not ("PRIVATE KEY" or "EC PRIVATE KEY"))
        {
            throw new KeyFileException(path, $"expected one \"PRIVATE KEY\" or \"EC PRIVATE KEY\" PEM block, found {Describe(blocks)}.");
        }
        return ToSecurityKey(path, blocks[0]);
    }

    /// <summary>Every verification key in <paramref name="path"/>, each with its thumbprint as <c>KeyId</c>.</summary>
    /// <exception cref="KeyFileException">The file is missing, holds no "PUBLIC KEY" block, or a block is not a P-256 key.</exception>
    public static IReadOnlyList<ECDsaSecurityKey> LoadVerificationKeys(string path)
    {
        var blocks = ReadBlocks(path);
        if (blocks.Count == 0 || blocks.Any(static b => b.Label != "PUBLIC KEY"))
        {
            throw new KeyFileException(path, $"expected one or more \"PUBLIC KEY\" PEM blocks, found {Describe(blocks)}.");
        }
        return [.. blocks.Select(b => ToSecurityKey(path, b))];
    }

    /// <summary>A new P-256 key pair.</summary>
    public static ECDsa Generate() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>
    /// Writes <paramref name="key"/> as <c>{basePath}.key</c> (PKCS#8, readable by its owner only) and <c>{basePath}.pub</c>.
    /// Refuses to overwrite either file: losing a signing key strands every terminal minted from it.
    /// </summary>
    public static (string PrivateKeyPath, string PublicKeyPath) WriteKeyPair(ECDsa key, string basePath)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(basePath);
        var privatePath = Path.GetFullPath(basePath + PrivateKeyExtension);
        var publicPath = Path.GetFullPath(basePath + PublicKeyExtension);
        foreach (var path in (string[])[privatePath, publicPath])
        {
            if (File.Exists(path))
            {
                throw new KeyFileException(path, "already exists; not overwritten.");
            }
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode, not chmod-ed after: no moment at which others may read it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(privatePath, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
        }
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem() + "\n");
        return (privatePath, publicPath);
    }

    private static List<(string Label, string Pem)> ReadBlocks(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"cannot be read ({e.Message}).", e);
        }
        var blocks = new List<(string, string)>();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            blocks.Add((rest[fields.Label].ToString(), rest[fields.Location].ToString()));
            rest = rest[fields.Location.End..];
        }
        return blocks;
    }

    private static ECDsaSecurityKey ToSecurityKey(string path, (string Label, string Pem) block)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(block.Pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new KeyFileException(path, $"its \"{block.Label}\" block is not an EC key ({e.Message}).", e);
        }
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        if (curve.Oid?.Value != P256Oid)
        {
            key.Dispose();
            throw new KeyFileException(path, $"its key is on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(unnamed)"}; ES256 needs P-256.");
        }
        return new ECDsaSecurityKey(key) { KeyId = JwkThumbprint.Of(key) };
    }

    private static string Describe(List<(string Label, string Pem)> blocks) =>
        blocks.Count == 0 ? "no PEM block" : string.Join(", ", blocks.Select(static b => $"\"{b.Label}\""));
}
