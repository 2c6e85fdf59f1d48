using System.Text.RegularExpressions;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>Checks a refusal: its status code, and that its message names the field at fault.</summary>
internal static class StatusAssert
{
    public static void Is(StatusCode code, RpcException error, string? field = null)
    {
        Assert.True(code == error.StatusCode, $"expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        if (field is not null)
        {
            Assert.True(
                Regex.IsMatch(error.Status.Detail, $@"(?<!\w){Regex.Escape(field)}(?!\w)"),
                $"the message should name the field {field}: {error.Status.Detail}");
        }
    }
}
