using System.Globalization;

namespace CheckpointGrid.Security;

/// <summary>Token lifetimes as the CLI takes them: a whole number and a unit, "30d", "12h" or "90m".</summary>
public static class TokenLifetime
{
    /// <summary>The longest lifetime accepted; a terminal's token is meant to be re-minted, not kept for ever.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(400);

    /// <summary>Parses <paramref name="text"/>; false with a reason when it is not a positive lifetime up to <see cref="Max"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan lifetime, out string? error)
    {
        lifetime = default;
        error = null;
        if (string.IsNullOrEmpty(text) || text.Length < 2
            || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count <= 0)
        {
            error = $"'{text}' is not a lifetime: a positive whole number and d, h or m, e.g. 30d, 12h, 90m.";
            return false;
        }
        // Counts beyond Max's are refused below; capping first keeps the multiplication in range.
        var bounded = Math.Min(count, (long)Max.TotalMinutes + 1);
        lifetime = text[^1] switch
        {
            'd' => TimeSpan.FromDays(bounded),
            'h' => TimeSpan.FromHours(bounded),
            'm' => TimeSpan.FromMinutes(bounded),
            _ => TimeSpan.Zero,
        };
        if (lifetime == TimeSpan.Zero)
        {
            error = $"'{text}' is not a lifetime: its unit must be d (days), h (hours) or m (minutes).";
            return false;
        }
        if (lifetime > Max)
        {
            error = $"'{text}' is longer than the longest lifetime allowed, {Max.TotalDays:0} days.";
            return false;
        }
        return true;
    }
}
