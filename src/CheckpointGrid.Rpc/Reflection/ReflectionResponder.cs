using CheckpointGrid.Rpc.Server;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;

namespace CheckpointGrid.Rpc.Reflection;

/// <summary>
/// Answers one server reflection request from a <see cref="ReflectionIndex"/>. Written once on the
/// v1 messages; v1alpha is wire-identical and is adapted by re-parsing.
/// </summary>
internal sealed class ReflectionResponder(ReflectionIndex index)
{
    /// <summary>
    /// A responder over the services mapped so far. Made per stream, not at construction: the
    /// registry fills while endpoints are mapped, after the reflection services are created.
    /// </summary>
    public static ReflectionResponder For(GrpcServiceRegistry registry) => new(new ReflectionIndex(registry.Services));

    public ServerReflectionResponse Respond(ServerReflectionRequest request)
    {
        var response = request.MessageRequestCase switch
        {
            ServerReflectionRequest.MessageRequestOneofCase.ListServices => ListServices(),
            ServerReflectionRequest.MessageRequestOneofCase.FileByFilename => FileByFilename(request.FileByFilename),
            ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol => FileContainingSymbol(request.FileContainingSymbol),
            // Best-effort in the spec and unimplemented in grpc-dotnet too: proto3 services declare no extensions.
            ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension => Error(
                StatusCode.Unimplemented, "file_containing_extension is not supported by this server."),
            ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType => Error(
                StatusCode.Unimplemented, "all_extension_numbers_of_type is not supported by this server."),
            _ => Error(StatusCode.Unimplemented, "The request sets none of the message_request fields this server knows."),
        };
        response.ValidHost = request.Host;
        response.OriginalRequest = request;
        return response;
    }

    private ServerReflectionResponse ListServices()
    {
        var services = new ListServiceResponse();
        foreach (var name in index.ServiceNames)
        {
            services.Service.Add(new ServiceResponse { Name = name });
        }
        return new ServerReflectionResponse { ListServicesResponse = services };
    }

    private ServerReflectionResponse FileByFilename(string name) =>
        index.FindFileByName(name) is { } file
            ? Files(file)
            : Error(StatusCode.NotFound, $"File not found: '{name}'.");

    private ServerReflectionResponse FileContainingSymbol(string symbol) =>
        index.FindFileContainingSymbol(symbol) is { } file
            ? Files(file)
            : Error(StatusCode.NotFound, $"Symbol not found: '{symbol}'.");

    private static ServerReflectionResponse Files(FileDescriptor file)
    {
        // Every response carries the whole import closure, so a client needs no state from
        // earlier responses on the stream (the spec allows omitting files already sent).
        var files = new FileDescriptorResponse();
        foreach (var dependency in ReflectionIndex.WithDependencies(file))
        {
            files.FileDescriptorProto.Add(SourceInfoDescriptors.Serialize(dependency));
        }
        return new ServerReflectionResponse { FileDescriptorResponse = files };
    }

    private static ServerReflectionResponse Error(StatusCode code, string message) =>
        new() { ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message } };
}
