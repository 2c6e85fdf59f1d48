using System.ComponentModel;
using System.Reflection;
using CheckpointGrid.Server.Hosting;

namespace CheckpointGrid.Deploy.Tests.Fixtures;

/// <summary>
/// The configuration keys the server reads, found by reflection: every options class in the server and the CheckpointGrid
/// assemblies it references that declares its section as a constant (Section or SectionName), and its properties.
/// </summary>
internal static class ServerOptionKeys
{
    private static readonly Lazy<ILookup<string, Type>> Sections = new(FindSections);

    /// <summary>The sections found and the types bound to each, for failure messages.</summary>
    public static string Known => string.Join("; ", Sections.Value.Select(static g => $"{g.Key}: {string.Join(", ", g.Select(static t => t.Name))}"));

    /// <summary>
    /// The property an env name such as Server__Tls__KeyPath sets (ASP.NET's Section__Key form, ':' spelled "__"), or
    /// null when no options class has it: the longest known section the key starts with, then nested properties.
    /// </summary>
    public static PropertyInfo? Resolve(string envName)
    {
        var parts = envName.Split("__");
        for (var sectionLength = parts.Length - 1; sectionLength >= 1; sectionLength--)
        {
            var section = string.Join(':', parts[..sectionLength]);
            foreach (var type in Sections.Value[section])
            {
                if (Property(type, parts[sectionLength..]) is { } property)
                {
                    return property;
                }
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="value"/> converts to the property's type as configuration binding would.</summary>
    public static bool Accepts(PropertyInfo property, string value)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null || !type.IsValueType;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private static PropertyInfo? Property(Type type, string[] path)
    {
        PropertyInfo? property = null;
        foreach (var name in path)
        {
            property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return null;
            }
            type = property.PropertyType;
        }
        return property;
    }

    private static ILookup<string, Type> FindSections()
    {
        var server = typeof(ServerOptions).Assembly;
        var assemblies = server.GetReferencedAssemblies()
            .Where(static a => a.Name!.StartsWith("CheckpointGrid.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(server);
        return assemblies
            .SelectMany(static a => a.GetTypes())
            .Where(static t => t.IsClass && !t.IsAbstract)
            .Select(static t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                ?? t.GetField("SectionName", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)))
            .Where(static x => x.Field is { IsLiteral: true, IsPrivate: false } && x.Field.FieldType == typeof(string))
            .ToLookup(static x => (string)x.Field!.GetRawConstantValue()!, static x => x.Type);
    }
}
