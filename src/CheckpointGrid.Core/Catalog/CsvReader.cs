using System.Text;

namespace CheckpointGrid.Core.Catalog;

/// <summary>Reads comma-separated records as RFC 4180 defines them: quoted fields may hold commas, line breaks and doubled quotes.</summary>
internal static class CsvReader
{
    /// <summary>Every record, each with the line it starts on (1-based); blank lines are skipped.</summary>
    public static List<(int Line, string[] Fields)> ReadAll(TextReader reader)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var fieldWasQuoted = false;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (quoted)
            {
                if (c == '"' && reader.Peek() == '"')
                {
                    reader.Read();
                    field.Append('"');
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    quoted = fieldWasQuoted = true;
                    break;
                case '"':
                    throw new FormatException($"line {line}: a quote inside an unquoted field (RFC 4180 wants the whole field quoted)");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord(records, fields, field, recordLine, fieldWasQuoted);
                    fieldWasQuoted = false;
                    recordLine = ++line;
                    break;
                case var _ when fieldWasQuoted:
                    throw new FormatException($"line {line}: text after the closing quote of a field");
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"line {recordLine}: a quoted field is not closed");
        }

        EndRecord(records, fields, field, recordLine, fieldWasQuoted);
        return records;
    }

    private static void EndRecord(List<(int, string[])> records, List<string> fields, StringBuilder field, int line, bool fieldWasQuoted)
    {
        if (fields.Count > 0 || field.Length > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            records.Add((line, fields.ToArray()));
        }

        fields.Clear();
        field.Clear();
    }
}
