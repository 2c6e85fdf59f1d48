using System.Diagnostics;
using System.Numerics;

namespace CheckpointGrid.Bench.Measurement;

/// <summary>
/// Latencies in <see cref="Stopwatch"/> ticks, counted in log-linear buckets (64 per power of
/// two, so under 1.6 % error) that are allocated once: recording never allocates or locks.
/// One per worker; merged after the run.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int MaxExponent = 40;
    private const int BucketCount = SubBuckets + ((MaxExponent - SubBucketBits + 1) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public void Record(long ticks)
    {
        _counts[IndexOf(ticks)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1), in microseconds; null when empty.</summary>
    public double? PercentileMicroseconds(double q)
    {
        if (Count == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return MidpointOf(i) * 1_000_000.0 / Stopwatch.Frequency;
            }
        }
        return MidpointOf(BucketCount - 1) * 1_000_000.0 / Stopwatch.Frequency;
    }

    private static int IndexOf(long ticks)
    {
        var value = (ulong)Math.Clamp(ticks, 0, (1L << (MaxExponent + 1)) - 1);
        if (value < SubBuckets)
        {
            return (int)value;
        }
        var exponent = 63 - BitOperations.LeadingZeroCount(value);
        var sub = (int)(value >> (exponent - SubBucketBits)) - SubBuckets;
        return SubBuckets + ((exponent - SubBucketBits) * SubBuckets) + sub;
    }

    private static double MidpointOf(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }
        var exponent = ((index - SubBuckets) / SubBuckets) + SubBucketBits;
        var sub = (index - SubBuckets) % SubBuckets;
        var width = 1L << (exponent - SubBucketBits);
        return ((SubBuckets + sub) * (double)width) + (width / 2.0);
    }
}
