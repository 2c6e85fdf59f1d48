using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Reflection;
using Grpc.Health.V1;

namespace CheckpointGrid.Rpc.Tests.Reflection;

/// <summary>How reflection finds the file behind a symbol or a file name.</summary>
public class ReflectionIndexTests
{
    private static readonly ReflectionIndex Index = new([TestServiceMethods.TestService, HealthReflection.Descriptor.Services[0]]);

    [Theory]
    [InlineData("grpc.testing.TestService", "grpc/testing/test.proto")]
    [InlineData("grpc.testing.TestService.StreamingOutputCall", "grpc/testing/test.proto")]
    [InlineData("grpc.testing.UnimplementedService", "grpc/testing/test.proto")]
    [InlineData("grpc.testing.SimpleRequest", "grpc/testing/messages.proto")]
    [InlineData("grpc.testing.SimpleRequest.response_size", "grpc/testing/messages.proto")]
    [InlineData("grpc.testing.ClientConfigureRequest.Metadata", "grpc/testing/messages.proto")]
    [InlineData("grpc.testing.PayloadType", "grpc/testing/messages.proto")]
    [InlineData("grpc.testing.Empty", "grpc/testing/empty.proto")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto")]
    public void Every_declared_symbol_leads_to_its_file(string symbol, string file) =>
        Assert.Equal(file, Index.FindFileContainingSymbol(symbol)?.Name);

    [Theory]
    [InlineData("grpc.health.v1.HealthCheckResponse.SERVING")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING")]
    public void Enum_values_are_found_by_protobuf_scope_and_by_csharp_scope(string symbol) =>
        Assert.Equal("grpc/health/v1/health.proto", Index.FindFileContainingSymbol(symbol)?.Name);

    [Theory]
    [InlineData("grpc.testing.NoSuchMessage")]
    [InlineData("grpc.testing")]
    [InlineData("TestService")]
    [InlineData("")]
    public void Anything_else_is_not_a_symbol(string symbol) =>
        Assert.Null(Index.FindFileContainingSymbol(symbol));

    [Fact]
    public void Imported_files_are_found_by_name()
    {
        Assert.NotNull(Index.FindFileByName("grpc/testing/empty.proto"));
        Assert.Null(Index.FindFileByName("empty.proto"));
    }

    [Fact]
    public void With_dependencies_lists_the_file_first_then_each_import_once()
    {
        var files = ReflectionIndex.WithDependencies(TestServiceMethods.TestService.File);

        Assert.Equal(["grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto"], files.Select(f => f.Name));
    }

    [Fact]
    public void Services_are_listed_once_in_the_order_given()
    {
        var index = new ReflectionIndex([HealthReflection.Descriptor.Services[0], TestServiceMethods.TestService, HealthReflection.Descriptor.Services[0]]);

        Assert.Equal(["grpc.health.v1.Health", "grpc.testing.TestService"], index.ServiceNames);
    }
}
