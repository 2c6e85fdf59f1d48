namespace CheckpointGrid.Cli.Sources;

/// <summary>
/// A table of whole numbers with given row and column sums (e.g. sex/age by nationality), each cell
/// close to the proportional share row·column/total: the floors of those shares, and what they miss
/// filled north-west-corner style, so that every margin holds exactly.
/// </summary>
public static class MarginPairing
{
    public static int[,] Pair(IReadOnlyList<int> rows, IReadOnlyList<int> columns)
    {
        long total = 0;
        long columnTotal = 0;
        foreach (var r in rows)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(r, nameof(rows));
            total += r;
        }

        foreach (var c in columns)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(columns));
            columnTotal += c;
        }

        if (total != columnTotal)
        {
            throw new ArgumentException($"The rows sum to {total} and the columns to {columnTotal}: no table has both.");
        }

        var cells = new int[rows.Count, columns.Count];
        if (total == 0)
        {
            return cells;
        }

        var rowLeft = new long[rows.Count];
        var columnLeft = new long[columns.Count];
        for (var j = 0; j < columns.Count; j++)
        {
            columnLeft[j] = columns[j];
        }

        for (var i = 0; i < rows.Count; i++)
        {
            rowLeft[i] = rows[i];
            for (var j = 0; j < columns.Count; j++)
            {
                var share = (int)((long)rows[i] * columns[j] / total);
                cells[i, j] = share;
                rowLeft[i] -= share;
                columnLeft[j] -= share;
            }
        }

        // Floors never exceed a margin, so what is left is non-negative and sums the same both ways.
        var row = 0;
        var column = 0;
        while (row < rows.Count && column < columns.Count)
        {
            var take = Math.Min(rowLeft[row], columnLeft[column]);
            cells[row, column] += (int)take;
            rowLeft[row] -= take;
            columnLeft[column] -= take;
            if (rowLeft[row] == 0)
            {
                row++;
            }
            else
            {
                column++;
            }
        }

        return cells;
    }
}
