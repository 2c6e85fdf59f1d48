using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Health;
using CheckpointGrid.Rpc.Reflection;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Rpc.Tests.Fixtures;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Grpc.Testing;

namespace CheckpointGrid.Rpc.Tests.Reflection;

/// <summary>Server reflection as grpcurl uses it, end to end through Kestrel.</summary>
public class ServerReflectionTests
{
    private static Task<LoopbackServer> StartAsync() =>
        LoopbackServer.StartAsync(s => s.AddGrpcHealth().AddGrpcReflection().AddGrpcService<TestServiceImpl>());

    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task List_services_names_exactly_the_mapped_services(string version)
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var reflection = ReflectionStream.Open(channel, version);
        var request = new ServerReflectionRequest { Host = "localhost", ListServices = "" };

        var response = await reflection.AskAsync(request);

        string[] mapped = ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "grpc.testing.TestService"];
        Assert.Equal(mapped, response.ListServicesResponse.Service.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(request, response.OriginalRequest);
        Assert.Equal("localhost", response.ValidHost);
    }

    [Theory]
    [InlineData("v1", "grpc.testing.TestService", "grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto")]
    [InlineData("v1", "grpc.testing.TestService.UnaryCall", "grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto")]
    [InlineData("v1", "grpc.testing.LoadBalancerStatsResponse.RpcsByPeer", "grpc/testing/messages.proto")]
    [InlineData("v1alpha", "grpc.testing.TestService", "grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto")]
    public async Task File_containing_symbol_returns_its_file_then_every_import_and_they_build(string version, string symbol, string file, params string[] imports)
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var reflection = ReflectionStream.Open(channel, version);

        var response = await reflection.AskAsync(new ServerReflectionRequest { FileContainingSymbol = symbol });

        var served = response.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        Assert.Equal(file, served[0].Name);
        Assert.Equal(imports.Order(StringComparer.Ordinal), served.Skip(1).Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.True(Declares(Build(response.FileDescriptorResponse).Single(f => f.Name == file), symbol));
    }

    [Fact]
    public async Task File_by_filename_returns_the_file_then_every_import()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var reflection = ReflectionStream.Open(channel);

        var response = await reflection.AskAsync(new ServerReflectionRequest { FileByFilename = "grpc/testing/test.proto" });

        var served = Build(response.FileDescriptorResponse);
        Assert.Equal(["grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto"], served.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal("TestService", Assert.Single(served.Single(f => f.Name == "grpc/testing/test.proto").Services, s => s.Name == "TestService").Name);
    }

    [Theory]
    [InlineData("grpc.testing.NoSuchService", "")]
    [InlineData("", "grpc/testing/no_such.proto")]
    public async Task Unknown_symbol_or_file_gets_not_found_and_the_stream_goes_on(string symbol, string file)
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var reflection = ReflectionStream.Open(channel);
        var request = symbol.Length > 0
            ? new ServerReflectionRequest { FileContainingSymbol = symbol }
            : new ServerReflectionRequest { FileByFilename = file };

        var response = await reflection.AskAsync(request);

        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, response.MessageResponseCase);
        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
        var next = await reflection.AskAsync(new ServerReflectionRequest { FileByFilename = "grpc/health/v1/health.proto" });
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, next.MessageResponseCase);
    }

    [Fact]
    public async Task Served_files_keep_the_comments_of_their_proto()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var reflection = ReflectionStream.Open(channel);

        var response = await reflection.AskAsync(new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health.Check" });

        var health = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        // The location of rpc Check: FileDescriptorProto.service (6), first service, ServiceDescriptorProto.method (2), first method.
        var check = Assert.Single(health.SourceCodeInfo.Location, l => l.Path.SequenceEqual([6, 0, 2, 0]));
        Assert.Contains("If the requested service is unknown, the call will fail with status", check.LeadingComments, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grpc/health/v1/health.proto")]
    [InlineData("grpc/reflection/v1/reflection.proto")]
    [InlineData("grpc/reflection/v1alpha/reflection.proto")]
    public async Task A_file_served_with_comments_is_otherwise_the_generated_descriptor(string file)
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var reflection = ReflectionStream.Open(channel);

        var response = await reflection.AskAsync(new ServerReflectionRequest { FileByFilename = file });

        var served = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.NotNull(served.SourceCodeInfo);
        served.SourceCodeInfo = null;
        Assert.Equal(FileDescriptorProto.Parser.ParseFrom(Generated(file).SerializedData), served);
    }

    [Fact]
    public async Task A_file_whose_assembly_embeds_no_descriptor_set_is_served_as_generated()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var reflection = ReflectionStream.Open(channel);

        var response = await reflection.AskAsync(new ServerReflectionRequest { FileByFilename = "grpc/testing/test.proto" });

        Assert.Equal(TestReflection.Descriptor.SerializedData, response.FileDescriptorResponse.FileDescriptorProto[0]);
    }

    private static bool Declares(FileDescriptor file, string symbol) =>
        file.Services.Any(s => s.FullName == symbol || s.Methods.Any(m => m.FullName == symbol))
        || file.MessageTypes.Any(m => Declares(m, symbol));

    private static bool Declares(MessageDescriptor message, string symbol) =>
        message.FullName == symbol || message.NestedTypes.Any(n => Declares(n, symbol));

    private static FileDescriptor Generated(string file) => file switch
    {
        "grpc/health/v1/health.proto" => HealthReflection.Descriptor,
        "grpc/reflection/v1/reflection.proto" => ReflectionReflection.Descriptor,
        "grpc/reflection/v1alpha/reflection.proto" => Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor,
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "Not a file of CheckpointGrid.Rpc."),
    };

    /// <summary>Builds the served files as grpcurl does: each after its imports, which must all have been sent.</summary>
    private static IReadOnlyList<FileDescriptor> Build(FileDescriptorResponse response)
    {
        var served = response.FileDescriptorProto.ToDictionary(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name);
        var ordered = new List<ByteString>();
        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in served.Keys)
        {
            Add(name);
        }
        return FileDescriptor.BuildFromByteStrings(ordered);

        void Add(string name)
        {
            Assert.True(served.ContainsKey(name), $"The import '{name}' was not served.");
            if (!added.Add(name))
            {
                return;
            }
            foreach (var dependency in FileDescriptorProto.Parser.ParseFrom(served[name]).Dependency)
            {
                Add(dependency);
            }
            ordered.Add(served[name]);
        }
    }
}
