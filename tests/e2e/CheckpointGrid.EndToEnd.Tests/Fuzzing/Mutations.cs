using System.Buffers.Binary;

namespace CheckpointGrid.EndToEnd.Tests.Fuzzing;

/// <summary>Ways to damage bytes and gRPC frames, each drawn from the caller's seeded <see cref="Random"/>.</summary>
internal static class Mutations
{
    /// <summary>Random bytes, 0 to <paramref name="max"/> of them.</summary>
    public static byte[] RandomBytes(Random random, int max)
    {
        var bytes = new byte[random.Next(max + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Bytes that look like protobuf: tags of small field numbers with every wire type, varints up to 10 bytes,
    /// length-delimited fields whose declared length may overrun, nested a few levels. Random bytes rarely get past
    /// the first tag; these reach the message parsers' deeper paths.
    /// </summary>
    public static byte[] RandomProto(Random random, int depth = 0)
    {
        using var output = new MemoryStream();
        var fields = random.Next(1, 12);
        for (var i = 0; i < fields; i++)
        {
            var field = random.Next(8) == 0 ? random.Next(1, 536_870_911) : random.Next(1, 20);
            var wireType = random.Next(8) == 0 ? random.Next(3, 8) : new[] { 0, 1, 2, 5 }[random.Next(4)];
            WriteVarint(output, ((ulong)field << 3) | (uint)wireType);
            switch (wireType)
            {
                case 0:
                    WriteVarint(output, random.Next(4) == 0 ? (ulong)random.NextInt64() << random.Next(2) : (ulong)random.Next(300));
                    break;
                case 1:
                    output.Write(RandomBytes(random, 8)); // 0-8 bytes: a fixed64 that may be cut short
                    break;
                case 2:
                    var body = depth < 3 && random.Next(2) == 0 ? RandomProto(random, depth + 1) : RandomBytes(random, 64);
                    var declared = random.Next(10) == 0 ? (ulong)random.NextInt64(int.MaxValue) : (ulong)body.Length;
                    WriteVarint(output, declared);
                    output.Write(body);
                    break;
                case 5:
                    output.Write(RandomBytes(random, 4));
                    break;
                default:
                    output.Write(RandomBytes(random, 8));
                    break;
            }
        }
        return output.ToArray();
    }

    /// <summary>One damage to a valid message: bit flips, truncation, a byte spliced in or out, or another message appended.</summary>
    public static byte[] Damage(Random random, byte[] message)
    {
        var bytes = (byte[])message.Clone();
        switch (random.Next(5))
        {
            case 0 when bytes.Length > 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case 1 when bytes.Length > 0:
                return bytes[..random.Next(bytes.Length)];
            case 2 when bytes.Length > 0:
                var at = random.Next(bytes.Length);
                return [.. bytes[..at], (byte)random.Next(256), .. bytes[at..]];
            case 3 when bytes.Length > 1:
                var cut = random.Next(bytes.Length);
                return [.. bytes[..cut], .. bytes[(cut + 1)..]];
            default:
                return [.. bytes, .. RandomProto(random)];
        }
    }

    /// <summary>A gRPC length-prefixed message: flag byte, 4-byte big-endian length, the message.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false, uint? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>
    /// A gRPC request body from <paramref name="messages"/>, framed right or wrong: a declared length too short, too
    /// long or huge, the compressed flag with no grpc-encoding, a frame cut short, or a stray flag byte.
    /// </summary>
    public static byte[] Body(Random random, IReadOnlyList<byte[]> messages, out string how)
    {
        using var output = new MemoryStream();
        how = "framed";
        foreach (var message in messages)
        {
            switch (random.Next(10))
            {
                case 0:
                    how = "length too short";
                    output.Write(Frame(message, declaredLength: (uint)Math.Max(0, message.Length - random.Next(1, 8))));
                    break;
                case 1:
                    how = "length too long";
                    output.Write(Frame(message, declaredLength: (uint)(message.Length + random.Next(1, 64))));
                    break;
                case 2:
                    how = "huge length";
                    output.Write(Frame(message, declaredLength: random.Next(2) == 0 ? uint.MaxValue : (uint)random.Next(4 * 1024 * 1024, int.MaxValue)));
                    break;
                case 3:
                    how = "compressed flag without an encoding";
                    output.Write(Frame(message, compressed: true));
                    break;
                case 4:
                    how = "cut short";
                    var frame = Frame(message);
                    output.Write(frame.AsSpan(0, random.Next(frame.Length)));
                    break;
                case 5:
                    how = "flag byte 2-255";
                    var odd = Frame(message);
                    odd[0] = (byte)random.Next(2, 256);
                    output.Write(odd);
                    break;
                default:
                    output.Write(Frame(message));
                    break;
            }
        }
        return output.ToArray();
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }
}
