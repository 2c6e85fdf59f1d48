using System.Reflection;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CheckpointGrid.Server.Grpc;

/// <summary>
/// The descriptors reflection serves. protoc strips comments from the descriptors compiled into generated
/// code, so the public API's files are rebuilt from the descriptor set the Contracts build embeds with
/// source info (protos/DescriptorSet.targets): `grpcurl describe` then shows the protos' documentation.
/// </summary>
internal static class ProtoDescriptors
{
    private const string DescriptorSetResource = "CheckpointGrid.protoset";

    /// <summary>Every service the server maps, with the files that declare them (comments kept) and their imports.</summary>
    public static (IReadOnlyList<ServiceDescriptor> Services, IReadOnlyList<FileDescriptor> Files) Load()
    {
        var files = LoadDocumentedFiles(typeof(IngestRequest).Assembly);
        var documented = files.SelectMany(f => f.Services).ToList();
        List<ServiceDescriptor> services =
        [
            .. documented,
            global::Grpc.Health.V1.Health.Descriptor,
            global::Grpc.Reflection.V1.ServerReflection.Descriptor,
            global::Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        ];
        return (services, [.. files, .. services.Skip(documented.Count).Select(s => s.File)]);
    }

    private static IReadOnlyList<FileDescriptor> LoadDocumentedFiles(Assembly contracts)
    {
        using var stream = contracts.GetManifestResourceStream(DescriptorSetResource)
            ?? throw new InvalidOperationException($"{contracts.GetName().Name} does not embed {DescriptorSetResource}.");
        var set = FileDescriptorSet.Parser.ParseFrom(stream);
        // protoc --include_imports writes every file after its imports, the order BuildFromByteStrings needs.
        return FileDescriptor.BuildFromByteStrings(set.File.Select(f => f.ToByteString()));
    }
}
