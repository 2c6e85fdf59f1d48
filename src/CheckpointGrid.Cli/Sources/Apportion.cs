namespace CheckpointGrid.Cli.Sources;

/// <summary>Splits a whole number in proportion to weights so that the parts sum to it exactly.</summary>
public static class Apportion
{
    /// <summary>
    /// Largest-remainder (Hamilton) apportionment of <paramref name="total"/> by <paramref name="weights"/>;
    /// ties go to the lower index. Parts of zero weight get nothing.
    /// </summary>
    public static int[] LargestRemainder(int total, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] < 0 || double.IsNaN(weights[i]) || double.IsInfinity(weights[i]))
            {
                throw new ArgumentException($"Weight {i} ({weights[i]}) is not a finite non-negative number.", nameof(weights));
            }

            sum += weights[i];
        }

        var parts = new int[weights.Count];
        if (total == 0)
        {
            return parts;
        }

        if (sum <= 0)
        {
            throw new ArgumentException($"Cannot split {total} by weights that are all zero.", nameof(weights));
        }

        var remainders = new double[weights.Count];
        var given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = total * weights[i] / sum;
            parts[i] = (int)Math.Floor(exact);
            remainders[i] = exact - parts[i];
            given += parts[i];
        }

        while (given < total)
        {
            var best = -1;
            for (var i = 0; i < remainders.Length; i++)
            {
                if (weights[i] > 0 && (best < 0 || remainders[i] > remainders[best]))
                {
                    best = i;
                }
            }

            parts[best]++;
            remainders[best] = -1;
            given++;
        }

        return parts;
    }
}
