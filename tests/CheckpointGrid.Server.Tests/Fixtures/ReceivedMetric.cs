using CheckpointGrid.Server.Tests.Telemetry.Otlp;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>One export of a metric, with the name of the Meter that made it.</summary>
internal sealed record ReceivedMetric(string Meter, Metric Metric)
{
    /// <summary>The latest value of a sum's data point whose attribute <paramref name="key"/> is <paramref name="value"/> (cumulative: the total), in this export.</summary>
    public (ulong Time, long Value)? Point(string key, string value)
    {
        if (Metric.DataCase != Metric.DataOneofCase.Sum)
        {
            return null;
        }
        foreach (var point in Metric.Sum.DataPoints)
        {
            if (point.Attributes.Any(a => a.Key == key && a.Value?.StringValue == value))
            {
                return (point.TimeUnixNano, point.AsInt);
            }
        }
        return null;
    }

    /// <summary>The value of an untagged sum's one data point, in this export.</summary>
    public (ulong Time, long Value)? Untagged() =>
        Metric.DataCase == Metric.DataOneofCase.Sum && Metric.Sum.DataPoints.FirstOrDefault(static p => p.Attributes.Count == 0) is { } point
            ? (point.TimeUnixNano, point.AsInt)
            : null;

    /// <summary>The count of a histogram's data point whose attribute <paramref name="key"/> is <paramref name="value"/>, in this export.</summary>
    public (ulong Time, ulong Count)? HistogramCount(string key, string value)
    {
        if (Metric.DataCase != Metric.DataOneofCase.Histogram)
        {
            return null;
        }
        foreach (var point in Metric.Histogram.DataPoints)
        {
            if (point.Attributes.Any(a => a.Key == key && a.Value?.StringValue == value))
            {
                return (point.TimeUnixNano, point.Count);
            }
        }
        return null;
    }
}
