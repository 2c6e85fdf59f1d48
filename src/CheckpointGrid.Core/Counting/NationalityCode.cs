namespace CheckpointGrid.Core.Counting;

/// <summary>A three-letter nationality code packed into a number (A=0 … Z=25, base 26), so counting keys it without strings; numeric order is alphabetical order.</summary>
internal readonly record struct NationalityCode(ushort Index) : IComparable<NationalityCode>
{
    /// <summary>Packs a code of three uppercase ASCII letters; false for anything else.</summary>
    public static bool TryParse(string? text, out NationalityCode code)
    {
        if (text is not { Length: 3 } || !char.IsAsciiLetterUpper(text[0]) || !char.IsAsciiLetterUpper(text[1]) || !char.IsAsciiLetterUpper(text[2]))
        {
            code = default;
            return false;
        }

        code = new NationalityCode((ushort)(((text[0] - 'A') * 676) + ((text[1] - 'A') * 26) + (text[2] - 'A')));
        return true;
    }

    public int CompareTo(NationalityCode other) => Index.CompareTo(other.Index);

    /// <summary>The three letters.</summary>
    public override string ToString() => string.Create(3, Index, static (letters, index) =>
    {
        letters[0] = (char)('A' + (index / 676));
        letters[1] = (char)('A' + (index / 26 % 26));
        letters[2] = (char)('A' + (index % 26));
    });
}
