namespace CheckpointGrid.Cli.Sources;

/// <summary>Draws items with probability proportional to their weights.</summary>
public sealed class WeightedChoice<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedChoice(IReadOnlyList<T> items, IReadOnlyList<double> weights)
    {
        if (items.Count == 0 || items.Count != weights.Count)
        {
            throw new ArgumentException($"Need as many weights as items, and at least one item (got {items.Count} items, {weights.Count} weights).");
        }

        _items = [.. items];
        _cumulative = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] < 0 || !double.IsFinite(weights[i]))
            {
                throw new ArgumentException($"Weight {i} ({weights[i]}) is not a finite non-negative number.", nameof(weights));
            }

            sum += weights[i];
            _cumulative[i] = sum;
        }

        if (sum <= 0)
        {
            throw new ArgumentException("The weights are all zero.", nameof(weights));
        }
    }

    public IReadOnlyList<T> Items => _items;

    public T Next(Random random)
    {
        // The first item whose cumulative weight exceeds the draw (never a zero-weight one).
        var target = random.NextDouble() * _cumulative[^1];
        var low = 0;
        var high = _cumulative.Length - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_cumulative[middle] > target)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return _items[low];
    }
}
