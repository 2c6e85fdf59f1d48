using CheckpointGrid.Rpc.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace CheckpointGrid.Rpc.Tests.Reflection;

/// <summary>The descriptor set the build embeds for its comments, checked against the generated code.</summary>
public class SourceInfoDescriptorsTests
{
    [Fact]
    public void The_embedded_descriptor_set_was_compiled_from_the_protos_of_the_generated_code()
    {
        // Source info locates comments by element index: it only fits the proto it was compiled with.
        using var stream = typeof(HealthReflection).Assembly.GetManifestResourceStream(SourceInfoDescriptors.ResourceName);
        Assert.NotNull(stream);
        var embedded = FileDescriptorSet.Parser.ParseFrom(stream).File.ToDictionary(f => f.Name);

        foreach (var generated in new[] { HealthReflection.Descriptor, Grpc.Reflection.V1.ReflectionReflection.Descriptor, Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor })
        {
            var file = embedded[generated.Name];
            Assert.NotEmpty(file.SourceCodeInfo.Location);
            file.SourceCodeInfo = null;
            // protoc spells out the default json_name in descriptor sets; generated code leaves it implied.
            foreach (var message in file.MessageType)
            {
                ClearJsonNames(message);
            }
            Assert.Equal(FileDescriptorProto.Parser.ParseFrom(generated.SerializedData), file);
        }
    }

    [Fact]
    public void A_file_from_an_assembly_without_a_descriptor_set_is_serialized_as_generated()
    {
        var timestamp = Google.Protobuf.WellKnownTypes.Timestamp.Descriptor.File;

        Assert.Equal(timestamp.SerializedData, SourceInfoDescriptors.Serialize(timestamp));
    }

    private static void ClearJsonNames(DescriptorProto message)
    {
        foreach (var field in message.Field)
        {
            field.ClearJsonName();
        }
        foreach (var nested in message.NestedType)
        {
            ClearJsonNames(nested);
        }
    }
}
