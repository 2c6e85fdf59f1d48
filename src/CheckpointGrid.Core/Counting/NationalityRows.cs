namespace CheckpointGrid.Core.Counting;

/// <summary>Comparisons and subtraction over a tally's nationality rows (one count per movement per code).</summary>
internal static class NationalityRows
{
    /// <summary>Whether every count in <paramref name="part"/> is at most the same count in <paramref name="whole"/>.</summary>
    public static bool AllWithin(Dictionary<NationalityCode, PerMovement> part, Dictionary<NationalityCode, PerMovement>? whole)
    {
        foreach (var (code, counts) in part)
        {
            var available = whole is not null && whole.TryGetValue(code, out var found) ? found : default;
            for (var m = 0; m < Tally.MovementCount; m++)
            {
                if (counts[m] > available[m])
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Subtracts rows known to be within <paramref name="whole"/>, removing rows that become all zero.</summary>
    public static void SubtractRows(Dictionary<NationalityCode, PerMovement> whole, Dictionary<NationalityCode, PerMovement> part)
    {
        foreach (var (code, counts) in part)
        {
            if (!whole.TryGetValue(code, out var row))
            {
                continue;
            }

            var remaining = 0UL;
            for (var m = 0; m < Tally.MovementCount; m++)
            {
                row[m] -= counts[m];
                remaining |= row[m];
            }

            if (remaining == 0)
            {
                whole.Remove(code);
            }
            else
            {
                whole[code] = row;
            }
        }
    }
}
