namespace CheckpointGrid.Abstractions.Serialization;

/// <summary>A protobuf message of the public API as it crosses between silos: its encoding.</summary>
[GenerateSerializer, Immutable, Alias("cg.ProtoSurrogate")]
public readonly record struct ProtoSurrogate([property: Id(0)] byte[] Bytes);
