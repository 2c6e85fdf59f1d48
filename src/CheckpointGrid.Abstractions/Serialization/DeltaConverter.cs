using CheckpointGrid.Core.Counting;
using Google.Protobuf;

namespace CheckpointGrid.Abstractions.Serialization;

/// <summary>Carries a <see cref="Delta"/> between silos (between grains of one silo, an immutable message carries it by reference).</summary>
[RegisterConverter]
public sealed class DeltaConverter : IConverter<Delta, DeltaSurrogate>
{
    public Delta ConvertFromSurrogate(in DeltaSurrogate surrogate)
    {
        var rows = new CountsRow[surrogate.Kinds.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new CountsRow((BucketKind)surrogate.Kinds[i], surrogate.Buckets[i], Tally.FromProto(Contracts.V1.Counts.Parser.ParseFrom(surrogate.Tallies[i])));
        }
        return Delta.FromRows(surrogate.OccupancyChange, surrogate.LastRecordedAt, rows);
    }

    public DeltaSurrogate ConvertToSurrogate(in Delta value)
    {
        var rows = value.Rows();
        var kinds = new byte[rows.Count];
        var buckets = new int[rows.Count];
        var tallies = new byte[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            kinds[i] = (byte)rows[i].Kind;
            buckets[i] = rows[i].Bucket;
            tallies[i] = rows[i].Tally.ToProto().ToByteArray();
        }
        return new DeltaSurrogate(value.OccupancyChange, value.LastRecordedAt, kinds, buckets, tallies);
    }
}
