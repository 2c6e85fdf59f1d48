using System.Text;

namespace CheckpointGrid.Rpc.Protocol;

/// <summary>grpc-message's encoding: UTF-8, with '%' and bytes outside 0x20-0x7E written as %XX.</summary>
internal static class PercentEncoding
{
    public static string Encode(string value)
    {
        var plain = true;
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '%')
            {
                plain = false;
                break;
            }
        }
        if (plain)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }
        return builder.ToString();
    }

    /// <summary>Decodes; a malformed %XX is kept as it stands, as the spec asks.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
