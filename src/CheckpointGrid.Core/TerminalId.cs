namespace CheckpointGrid.Core;

/// <summary>A terminal's id: 1–64 characters of ASCII letters, digits, '-', '_', '.' or ':'.</summary>
public readonly record struct TerminalId
{
    /// <summary>The longest id allowed, in characters.</summary>
    public const int MaxLength = 64;

    internal const string Rule = "must be 1–64 characters of ASCII letters, digits, '-', '_', '.' or ':'";

    private readonly string? _value;

    private TerminalId(string value) => _value = value;

    /// <summary>The id as text; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses an id, throwing <see cref="FormatException"/> that says the rule when it breaks it.</summary>
    public static TerminalId Parse(string? text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a terminal id: it {Rule}.");

    /// <summary>Parses an id; false when the text breaks the rule.</summary>
    public static bool TryParse(string? text, out TerminalId id)
    {
        id = IsValid(text) ? new TerminalId(text!) : default;
        return id._value is not null;
    }

    /// <summary>Whether the text is a well-formed terminal id.</summary>
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.' && c != ':')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
