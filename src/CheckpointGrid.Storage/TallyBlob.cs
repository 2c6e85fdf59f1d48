using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using Google.Protobuf;

namespace CheckpointGrid.Storage;

/// <summary>A stored tally's bytes: the API's Counts message, so a stored row reads back as it was written, breakdowns and nationalities included.</summary>
internal static class TallyBlob
{
    public static byte[] Encode(Tally tally) => tally.ToProto().ToByteArray();

    /// <summary>Throws <see cref="InvalidProtocolBufferException"/> or <see cref="FormatException"/> for bytes no store wrote.</summary>
    public static Tally Decode(byte[] blob) => Tally.FromProto(Counts.Parser.ParseFrom(blob));
}
