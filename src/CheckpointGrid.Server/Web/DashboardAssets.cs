using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace CheckpointGrid.Server.Web;

/// <summary>
/// The dashboard's files (Web/Dashboard, embedded in the assembly): served from memory with an ETag, so
/// the page needs nothing from outside the server.
/// </summary>
public sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var path = "/" + name[Prefix.Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            assets[path] = new Asset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Paths served, e.g. "/index.html".</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    /// <summary>Serves the file at the request's path ("/" is index.html); 404 when there is none.</summary>
    public IResult Serve(HttpContext http)
    {
        var path = http.Request.Path.Value is null or "/" ? "/index.html" : http.Request.Path.Value;
        if (!_assets.TryGetValue(path, out var asset))
        {
            return Results.NotFound();
        }
        var headers = http.Response.GetTypedHeaders();
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        headers.ETag = new EntityTagHeaderValue(asset.ETag);
        return http.Request.Headers.IfNoneMatch == asset.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.ContentType);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
