namespace CheckpointGrid.Bench.Ingest;

/// <summary>Picks values at random in proportion to fixed weights (a cumulative table, searched by bisection).</summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] _values;
    private readonly int[] _cumulative;

    public WeightedChoice(params (T Value, int Weight)[] choices)
    {
        _values = new T[choices.Length];
        _cumulative = new int[choices.Length];
        var total = 0;
        for (var i = 0; i < choices.Length; i++)
        {
            _values[i] = choices[i].Value;
            total += choices[i].Weight;
            _cumulative[i] = total;
        }
    }

    public T Next(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.Next(_cumulative[^1]) + 1);
        return _values[index >= 0 ? index : ~index];
    }
}
