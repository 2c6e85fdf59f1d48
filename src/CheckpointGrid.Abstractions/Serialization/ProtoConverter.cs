using Google.Protobuf;

namespace CheckpointGrid.Abstractions.Serialization;

/// <summary>Carries a protobuf message between silos as its encoding; one registered subclass per message type grains exchange.</summary>
public abstract class ProtoConverter<T> : IConverter<T, ProtoSurrogate>
    where T : class, IMessage<T>, new()
{
    private static readonly MessageParser<T> Parser = new(static () => new T());

    public T ConvertFromSurrogate(in ProtoSurrogate surrogate) => Parser.ParseFrom(surrogate.Bytes);

    public ProtoSurrogate ConvertToSurrogate(in T value) => new(value.ToByteArray());
}
