using CheckpointGrid.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Tests.Hosting;

/// <summary>Server:Limits reaches Kestrel as configured, and a bad value fails the start naming the setting.</summary>
public sealed class ServerLimitsTests
{
    [Fact]
    public void Defaults_and_overrides_reach_Kestrel()
    {
        string[] args = ["--port", "0", "--http-port", "0", "--Server:Limits:MaxStreamsPerConnection", "250", "--Server:Limits:KeepAlivePingDelay", "00:00:45"];
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddCheckpointGridServer(args);
        using var services = builder.Services.BuildServiceProvider();

        var limits = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(250, limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(TimeSpan.FromSeconds(45), limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), limits.Http2.KeepAlivePingTimeout);
        Assert.Equal(10_000, limits.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromMinutes(2), limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), limits.RequestHeadersTimeout);
        Assert.Equal(8 * 1024, limits.Http2.MaxRequestHeaderFieldSize);
    }

    [Theory]
    [InlineData("MaxStreamsPerConnection", "0")]
    [InlineData("MaxConcurrentConnections", "-1")]
    [InlineData("KeepAlivePingDelay", "00:00:00.100")]
    [InlineData("MaxRequestHeaderCount", "3")]
    public void Bad_limit_fails_the_start_naming_the_setting(string setting, string value)
    {
        string[] args = ["--port", "0", "--http-port", "0", $"--Server:Limits:{setting}", value];

        var error = Assert.Throws<OptionsValidationException>(() => WebApplication.CreateSlimBuilder(args).AddCheckpointGridServer(args));

        Assert.Contains($"Server:Limits:{setting}", error.Message, StringComparison.Ordinal);
    }
}
