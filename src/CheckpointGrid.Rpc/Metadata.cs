using System.Collections;
using System.Text;

namespace CheckpointGrid.Rpc;

/// <summary>
/// Custom gRPC metadata (headers or trailers). Keys are lower-case ASCII; a key ending in
/// "-bin" carries bytes (base64 on the wire), any other key carries printable ASCII text.
/// </summary>
public sealed class Metadata : IEnumerable<Metadata.Entry>
{
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public Entry this[int index] => _entries[index];

    public void Add(string key, string value) => _entries.Add(new Entry(key, value));

    public void Add(string key, byte[] value) => _entries.Add(new Entry(key, value));

    public void Add(Entry entry) => _entries.Add(entry);

    /// <summary>The last entry with this key, or null.</summary>
    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }
        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;

    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>One key and its value, text or bytes according to the key.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        public Entry(string key, string value)
        {
            Key = ValidateKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{key}' ends in '-bin' and takes a byte[] value.", nameof(key));
            }
            _value = ValidateText(Key, value);
        }

        public Entry(string key, byte[] value)
        {
            Key = ValidateKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{key}' takes a text value; only keys ending in '-bin' take bytes.", nameof(key));
            }
            _bytes = value ?? throw new ArgumentNullException(nameof(value));
        }

        public string Key { get; }

        public bool IsBinary => _bytes is not null;

        /// <summary>The text value; for a binary entry, its bytes read as UTF-8 would be misleading, so this throws.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Metadata entry '{Key}' is binary; read ValueBytes.");

        public byte[] ValueBytes => _bytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary ? $"{Key}: [{_bytes!.Length} bytes]" : $"{Key}: {_value}";

        private static string ValidateKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            foreach (var c in key)
            {
                var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';
                if (!ok)
                {
                    throw new ArgumentException($"Metadata key '{key}' has the character '{c}'; keys take only letters, digits, '-', '_' and '.'.", nameof(key));
                }
            }
            return key.ToLowerInvariant();
        }

        private static string ValidateText(string key, string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                if (c is < ' ' or > '~')
                {
                    throw new ArgumentException($"Metadata value for '{key}' must be printable ASCII; use a '-bin' key for other bytes.", nameof(value));
                }
            }
            return value;
        }
    }
}
