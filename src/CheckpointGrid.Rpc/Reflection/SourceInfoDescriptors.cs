using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc.Reflection;

/// <summary>
/// The proto files as reflection serves them: the generated code's descriptors, with their
/// comments (source info) when the assembly of that code embeds them in its descriptor set.
/// </summary>
/// <remarks>
/// protoc strips source info from the descriptors it writes into generated C#, so without this
/// `grpcurl describe` would show the API without its documentation. Only the source info is taken
/// from the set, so the schema served is exactly the one the server runs (protoc's set differs in
/// small ways, e.g. it spells out json_name). Only the owning assembly's set is trusted: it was
/// compiled from the same .proto as the code, while another set may hold another version of an
/// import, such as the well-known types.
/// </remarks>
internal static class SourceInfoDescriptors
{
    /// <summary>The embedded resource holding a FileDescriptorSet compiled with --include_source_info (see the .csproj).</summary>
    public const string ResourceName = "CheckpointGrid.protoset";

    private static readonly ConcurrentDictionary<Assembly, Dictionary<string, SourceCodeInfo>> SourceInfoByAssembly = new();

    /// <summary>The serialized FileDescriptorProto of <paramref name="file"/>, with source info when it is embedded.</summary>
    public static ByteString Serialize(FileDescriptor file)
    {
        var owner = OwningAssembly(file);
        if (owner is null || !SourceInfoByAssembly.GetOrAdd(owner, Load).TryGetValue(file.Name, out var sourceInfo))
        {
            return file.SerializedData;
        }
        var proto = FileDescriptorProto.Parser.ParseFrom(file.SerializedData);
        proto.SourceCodeInfo = sourceInfo;
        return proto.ToByteString();
    }

    /// <summary>
    /// The assembly holding <paramref name="file"/>'s generated code, known from any type it
    /// declares; null for a file that declares none (it is served without source info).
    /// </summary>
    private static Assembly? OwningAssembly(FileDescriptor file)
    {
        if (file.MessageTypes.Count > 0)
        {
            return file.MessageTypes[0].ClrType?.Assembly;
        }
        return file.EnumTypes.Count > 0 ? file.EnumTypes[0].ClrType?.Assembly : null;
    }

    private static Dictionary<string, SourceCodeInfo> Load(Assembly assembly)
    {
        var sourceInfo = new Dictionary<string, SourceCodeInfo>(StringComparer.Ordinal);
        using var stream = assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return sourceInfo;
        }
        foreach (var file in FileDescriptorSet.Parser.ParseFrom(stream).File)
        {
            if (file.SourceCodeInfo is not null)
            {
                sourceInfo[file.Name] = file.SourceCodeInfo;
            }
        }
        return sourceInfo;
    }
}
