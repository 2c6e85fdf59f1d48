using System.Globalization;

namespace CheckpointGrid.Grains;

/// <summary>A grain's identity: the name of its grain type and its key within that type.</summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
    }

    /// <summary>The grain type's registered name; part of the storage key, so keep it stable.</summary>
    public string Type { get; }

    /// <summary>The key within the type, as text (integer keys in invariant culture, Guid keys as 32 hex digits).</summary>
    public string Key { get; }

    public static GrainId Create(string type, long key) => new(type, key.ToString(CultureInfo.InvariantCulture));

    public static GrainId Create(string type, Guid key) => new(type, key.ToString("N"));

    public bool Equals(GrainId other) =>
        string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, Key);

    public override string ToString() => $"{Type}/{Key}";

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
