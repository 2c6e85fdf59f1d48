using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Security.Tests;

public sealed class EcKeyFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("checkpointgrid-security-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Written_pair_loads_back_with_the_same_thumbprint_and_a_private_key_only_its_owner_reads()
    {
        using var key = EcKeyFiles.Generate();
        var (privatePath, publicPath) = EcKeyFiles.WriteKeyPair(key, Path.Combine(_directory, "ops"));

        var signing = EcKeyFiles.LoadSigningKey(privatePath);
        var verifying = Assert.Single(EcKeyFiles.LoadVerificationKeys(publicPath));
        Assert.Equal(JwkThumbprint.Of(key), signing.KeyId);
        Assert.Equal(signing.KeyId, verifying.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        }
        Assert.Throws<KeyFileException>(() => EcKeyFiles.WriteKeyPair(key, Path.Combine(_directory, "ops")));
    }

    [Fact]
    public void Thumbprint_is_the_rfc_7638_one_identity_model_computes()
    {
        using var key = EcKeyFiles.Generate();
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key));
        Assert.Equal(Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()), JwkThumbprint.Of(key));
    }

    [Fact]
    public void Public_key_file_with_several_blocks_gives_every_key_and_sec1_private_keys_load()
    {
        using var old = EcKeyFiles.Generate();
        using var current = EcKeyFiles.Generate();
        var publicPath = Write("rotating.pub", old.ExportSubjectPublicKeyInfoPem() + "\n" + current.ExportSubjectPublicKeyInfoPem());
        var sec1Path = Write("sec1.key", current.ExportECPrivateKeyPem());

        var keys = EcKeyFiles.LoadVerificationKeys(publicPath);
        Assert.Equal([JwkThumbprint.Of(old), JwkThumbprint.Of(current)], keys.Select(k => k.KeyId));
        Assert.Equal(JwkThumbprint.Of(current), EcKeyFiles.LoadSigningKey(sec1Path).KeyId);
    }

    [Fact]
    public void Unusable_files_are_refused_naming_the_file_and_the_fault()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        using var key = EcKeyFiles.Generate();

        AssertRefused(Path.Combine(_directory, "missing.pub"), "cannot be read", EcKeyFiles.LoadVerificationKeys);
        AssertRefused(Write("empty.pub", "not a key"), "no PEM block", EcKeyFiles.LoadVerificationKeys);
        AssertRefused(Write("private.pub", key.ExportPkcs8PrivateKeyPem()), "\"PRIVATE KEY\"", EcKeyFiles.LoadVerificationKeys);
        AssertRefused(Write("p384.pub", p384.ExportSubjectPublicKeyInfoPem()), "P-256", EcKeyFiles.LoadVerificationKeys);
        AssertRefused(Write("rsa.pub", rsa.ExportSubjectPublicKeyInfoPem()), "not an EC key", EcKeyFiles.LoadVerificationKeys);
        AssertRefused(Write("public.key", key.ExportSubjectPublicKeyInfoPem()), "\"PUBLIC KEY\"", EcKeyFiles.LoadSigningKey);
    }

    private static void AssertRefused<T>(string path, string fault, Func<string, T> load)
    {
        var error = Assert.Throws<KeyFileException>(() => load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(fault, error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
