namespace CheckpointGrid.Rpc.Protocol;

/// <summary>Custom metadata to and from HTTP/2 header values: "-bin" values are base64.</summary>
internal static class MetadataHeaders
{
    /// <summary>Adds one received header to <paramref name="metadata"/> unless the protocol reserves it.</summary>
    public static void AddReceived(Metadata metadata, string name, string? value)
    {
        if (value is null || GrpcProtocol.IsReservedHeader(name))
        {
            return;
        }
        if (!Metadata.IsBinaryKey(name))
        {
            metadata.Add(name, value);
            return;
        }
        // Several values of one -bin key may arrive joined by commas.
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            metadata.Add(name, DecodeBase64(part));
        }
    }

    /// <summary>The header value for an entry: text as it is, bytes as unpadded base64.</summary>
    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    private static byte[] DecodeBase64(string value)
    {
        var padding = (4 - (value.Length % 4)) % 4;
        var padded = padding == 0 ? value : value + new string('=', padding);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new RpcException(StatusCode.Internal, $"A '-bin' metadata value is not valid base64.");
        }
    }
}
