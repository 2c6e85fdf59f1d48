using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc.Reflection;

/// <summary>
/// The proto files as reflection serves them: with their comments (source info) when the
/// assembly of the file's generated code embeds them, as the build's descriptor set.
/// </summary>
/// <remarks>
/// protoc strips source info from the descriptors it writes into generated C#, so without this
/// `grpcurl describe` would show the API without its documentation. Only the owning assembly's
/// copy is trusted: its descriptor set was compiled from the same .proto as its generated code,
/// whereas other sets may carry another version of an import (e.g. the well-known types).
/// </remarks>
internal static class SourceInfoDescriptors
{
    /// <summary>The embedded resource holding a FileDescriptorSet compiled with --include_source_info (see the .csproj).</summary>
    public const string ResourceName = "CheckpointGrid.protoset";

    private static readonly ConcurrentDictionary<Assembly, Dictionary<string, ByteString>> FilesByAssembly = new();

    /// <summary>The serialized FileDescriptorProto of <paramref name="file"/>, with source info when embedded.</summary>
    public static ByteString Serialize(FileDescriptor file)
    {
        var owner = OwningAssembly(file);
        if (owner is not null && FilesByAssembly.GetOrAdd(owner, Load).TryGetValue(file.Name, out var withSourceInfo))
        {
            return withSourceInfo;
        }
        return file.SerializedData;
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

    private static Dictionary<string, ByteString> Load(Assembly assembly)
    {
        var files = new Dictionary<string, ByteString>(StringComparer.Ordinal);
        using var stream = assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return files;
        }
        foreach (var file in FileDescriptorSet.Parser.ParseFrom(stream).File)
        {
            files[file.Name] = file.ToByteString();
        }
        return files;
    }
}
