using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc.Reflection;

/// <summary>
/// The proto files behind a set of services, with every file they import (well-known types
/// included), indexed by file name and by fully-qualified symbol.
/// </summary>
internal sealed class ReflectionIndex
{
    private readonly List<string> _serviceNames = [];
    private readonly Dictionary<string, FileDescriptor> _filesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _filesBySymbol = new(StringComparer.Ordinal);

    public ReflectionIndex(IEnumerable<ServiceDescriptor> services)
    {
        foreach (var service in services)
        {
            if (!_serviceNames.Contains(service.FullName))
            {
                _serviceNames.Add(service.FullName);
            }
            AddFile(service.File);
        }
    }

    /// <summary>The services' full names ("package.Service"), in the order given.</summary>
    public IReadOnlyList<string> ServiceNames => _serviceNames;

    /// <summary>The file named <paramref name="name"/> as imported, e.g. "google/protobuf/timestamp.proto".</summary>
    public FileDescriptor? FindFileByName(string name) => _filesByName.GetValueOrDefault(name);

    /// <summary>
    /// The file declaring <paramref name="symbol"/>: a service, method ("pkg.Svc.Method"), message,
    /// enum, enum value, field, oneof or extension, nested ones included.
    /// </summary>
    public FileDescriptor? FindFileContainingSymbol(string symbol) => _filesBySymbol.GetValueOrDefault(symbol);

    /// <summary><paramref name="file"/> first, then everything it imports transitively, each file once.</summary>
    public static IReadOnlyList<FileDescriptor> WithDependencies(FileDescriptor file)
    {
        var files = new List<FileDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Collect(file);
        return files;

        void Collect(FileDescriptor current)
        {
            if (!seen.Add(current.Name))
            {
                return;
            }
            files.Add(current);
            foreach (var dependency in current.Dependencies)
            {
                Collect(dependency);
            }
        }
    }

    private void AddFile(FileDescriptor file)
    {
        if (!_filesByName.TryAdd(file.Name, file))
        {
            return;
        }
        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency);
        }
        foreach (var message in file.MessageTypes)
        {
            AddMessage(message);
        }
        foreach (var enumType in file.EnumTypes)
        {
            AddEnum(enumType);
        }
        foreach (var extension in file.Extensions.UnorderedExtensions)
        {
            AddSymbol(extension.FullName, file);
        }
        foreach (var service in file.Services)
        {
            AddSymbol(service.FullName, file);
            foreach (var method in service.Methods)
            {
                AddSymbol(method.FullName, file);
            }
        }
    }

    private void AddMessage(MessageDescriptor message)
    {
        AddSymbol(message.FullName, message.File);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            AddSymbol(field.FullName, message.File);
        }
        foreach (var oneof in message.Oneofs)
        {
            AddSymbol(oneof.FullName, message.File);
        }
        foreach (var extension in message.Extensions.UnorderedExtensions)
        {
            AddSymbol(extension.FullName, message.File);
        }
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested);
        }
        foreach (var enumType in message.EnumTypes)
        {
            AddEnum(enumType);
        }
    }

    private void AddEnum(EnumDescriptor enumType)
    {
        AddSymbol(enumType.FullName, enumType.File);
        // protobuf scopes enum values as siblings of their enum ("pkg.RED", as protoc and the C++
        // and Go runtimes name them); C# names them inside it ("pkg.Color.RED"). Answer both.
        var scope = enumType.ContainingType?.FullName ?? enumType.File.Package;
        foreach (var value in enumType.Values)
        {
            AddSymbol(scope.Length == 0 ? value.Name : $"{scope}.{value.Name}", enumType.File);
            AddSymbol(value.FullName, enumType.File);
        }
    }

    private void AddSymbol(string symbol, FileDescriptor file) => _filesBySymbol.TryAdd(symbol, file);
}
