using System.Net;

namespace CheckpointGrid.Server.Web.ClusterDashboard;

/// <summary>
/// How an admin's browser gets into the Orleans dashboard when tokens are required. The login page posts the token to
/// <see cref="SessionPath"/>; the bearer handler takes it from that form (and only there), validates it as any token,
/// and the access table lets only an admin's through; the answer sets it as an HttpOnly, SameSite=Strict cookie scoped
/// to the dashboard's path, from which the bearer handler reads it on the dashboard's requests and nowhere else. So
/// every dashboard request is checked as a header's token is, revocation included; the cookie lives as long as the
/// browser session (the token's own expiry still applies).
/// </summary>
internal static class ClusterDashboardLogin
{
    public const string LoginPath = ClusterDashboardOptions.Path + "/login";
    public const string SessionPath = ClusterDashboardOptions.Path + "/session";
    public const string CookieName = "checkpointgrid-orleans";
    private const string TokenField = "token";

    /// <summary>
    /// The token a dashboard request carries: the login form's field on <see cref="SessionPath"/>, else the cookie
    /// (unless an Authorization header is there, which the bearer handler reads itself). Null off the dashboard's path.
    /// </summary>
    public static async Task<string?> TokenOfAsync(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments(ClusterDashboardOptions.Path, StringComparison.Ordinal))
        {
            return null;
        }
        if (request.Path.Equals(SessionPath, StringComparison.Ordinal))
        {
            return HttpMethods.IsPost(request.Method) && request.HasFormContentType
                ? (await request.ReadFormAsync(request.HttpContext.RequestAborted))[TokenField].ToString().Trim()
                : null;
        }
        return request.Headers.Authorization.Count == 0 && request.Cookies.TryGetValue(CookieName, out var token) ? token : null;
    }

    /// <summary>Whether a refusal of <paramref name="request"/> is for a person at a browser (the page, the login), not for the dashboard's scripts.</summary>
    public static bool IsPage(HttpRequest request) =>
        request.Path.Value is ClusterDashboardOptions.Path or ClusterDashboardOptions.Path + "/" or ClusterDashboardOptions.Path + "/index.html" or SessionPath;

    public static async Task StartSession(HttpContext http)
    {
        // The authorization policy has validated the form's token and its admin role; keep that very token.
        var token = await TokenOfAsync(http.Request) ?? throw new InvalidOperationException("An authorized session request without a token.");
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            Path = ClusterDashboardOptions.Path,
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
        });
        // 303: the browser follows with a GET of the dashboard.
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = ClusterDashboardOptions.Path + "/";
    }

    /// <summary>The login page, saying why the browser was sent to it when it was.</summary>
    public static Task WritePageAsync(HttpResponse response, int status, string? reason)
    {
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        var why = reason is null ? "" : $"<p class=\"reason\">{WebUtility.HtmlEncode(reason)}</p>";
        return response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>CheckpointGrid · Orleans dashboard</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}textarea{width:100%}.reason{color:#a00}</style></head>
            <body><h1>Orleans dashboard</h1>
            <p>This server requires an <strong>admin</strong> token for its Orleans dashboard
            (<code>checkpointgrid token issue --role admin</code>). The browser keeps it for this session, for the dashboard only.</p>
            {{why}}
            <form method="post" action="{{SessionPath}}"><label for="token">Admin token</label>
            <textarea id="token" name="{{TokenField}}" rows="5" required autocomplete="off" spellcheck="false"></textarea>
            <p><button type="submit">Open the dashboard</button></p></form></body></html>
            """, response.HttpContext.RequestAborted);
    }
}
