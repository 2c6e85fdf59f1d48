namespace CheckpointGrid.Core.Validation;

/// <summary>Measures text as the protos mean "characters": Unicode code points, not UTF-16 units.</summary>
internal static class TextLength
{
    /// <summary>Whether the text has at most this many code points.</summary>
    public static bool IsWithin(string text, int maxCodePoints)
    {
        if (text.Length <= maxCodePoints)
        {
            return true;
        }

        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var secondHalfOfPair = i > 0 && char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1]);
            if (!secondHalfOfPair && ++count > maxCodePoints)
            {
                return false;
            }
        }

        return true;
    }
}
