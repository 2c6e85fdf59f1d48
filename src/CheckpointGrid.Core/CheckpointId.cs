namespace CheckpointGrid.Core;

/// <summary>A checkpoint's catalog id: 1–32 characters of A–Z, 0–9 and '-', e.g. "PA-DAR-SVC".</summary>
public readonly record struct CheckpointId
{
    /// <summary>The longest id allowed, in characters.</summary>
    public const int MaxLength = 32;

    internal const string Rule = "must be 1–32 characters of uppercase ASCII letters, digits and '-', e.g. \"PA-DAR-SVC\"";

    private readonly string? _value;

    private CheckpointId(string value) => _value = value;

    /// <summary>The id as text; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses an id, throwing <see cref="FormatException"/> that says the rule when it breaks it.</summary>
    public static CheckpointId Parse(string? text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a checkpoint id: it {Rule}.");

    /// <summary>Parses an id; false when the text breaks the rule.</summary>
    public static bool TryParse(string? text, out CheckpointId id)
    {
        id = IsValid(text) ? new CheckpointId(text!) : default;
        return id._value is not null;
    }

    /// <summary>Whether the text is a well-formed checkpoint id (whether it is in the catalog is another matter).</summary>
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The id as text.</summary>
    public override string ToString() => Value;
}
