namespace CheckpointGrid.Core.Counting;

/// <summary>Tallies of the most recent buckets (hours or days), in a fixed ring of slots reused as time moves on.</summary>
/// <remarks>
/// Invariant: a bucket is kept while it is within <see cref="Capacity"/> of the newest bucket ever written; a write to an
/// older bucket is dropped. Because the newest bucket only grows, a kept bucket has received every write made to it, so
/// rings fed the same events in any order, or in any grouping into deltas, keep equal buckets.
/// </remarks>
internal sealed class BucketRing(int capacity)
{
    private const int NoBucket = int.MinValue;

    private readonly int[] _buckets = new int[capacity];
    private readonly Tally?[] _tallies = new Tally?[capacity];
    private int _newest = NoBucket;

    public int Capacity => capacity;

    /// <summary>Whether the bucket is within the kept range (it may still hold no people).</summary>
    public bool IsKept(int bucket) => _newest != NoBucket && bucket <= _newest && (long)bucket > (long)_newest - capacity;

    /// <summary>The kept tally of a bucket; null when it is not kept or nobody was counted in it.</summary>
    public Tally? Find(int bucket)
    {
        if (!IsKept(bucket))
        {
            return null;
        }

        var slot = SlotOf(bucket);
        return _buckets[slot] == bucket ? _tallies[slot] : null;
    }

    /// <summary>Whether writes to the bucket are dropped: it is a whole ring or more behind the newest bucket.</summary>
    public bool IsTooOld(int bucket) => _newest != NoBucket && (long)bucket <= (long)_newest - capacity;

    /// <summary>The tally to count a bucket's people in, or null when the bucket is too old to keep.</summary>
    public Tally? ForWriting(int bucket)
    {
        if (IsTooOld(bucket))
        {
            return null;
        }

        _newest = Math.Max(_newest, bucket);
        var slot = SlotOf(bucket);
        var tally = _tallies[slot];
        if (tally is null)
        {
            tally = _tallies[slot] = new Tally();
        }
        else if (_buckets[slot] != bucket)
        {
            tally.Clear();
        }

        _buckets[slot] = bucket;
        return tally;
    }

    /// <summary>The kept buckets with people, in no particular order.</summary>
    public IEnumerable<(int Bucket, Tally Tally)> Kept()
    {
        for (var slot = 0; slot < capacity; slot++)
        {
            if (_tallies[slot] is { IsEmpty: false } tally && IsKept(_buckets[slot]))
            {
                yield return (_buckets[slot], tally);
            }
        }
    }

    private int SlotOf(int bucket) => (int)(((long)bucket % capacity + capacity) % capacity);
}
