using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CheckpointGrid.Security;

/// <summary>
/// RFC 7638 thumbprints of P-256 public keys, base64url: a token's <c>kid</c>. Derived from the key itself, so a key
/// file needs no name beside it and the same key has the same id in every file, on every machine.
/// </summary>
public static class JwkThumbprint
{
    /// <summary>The thumbprint of <paramref name="key"/>'s public part.</summary>
    public static string Of(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.
        var json = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.EncodeToString(point.X)}}","y":"{{Base64Url.EncodeToString(point.Y)}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
