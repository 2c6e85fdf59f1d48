using System.Globalization;

namespace CheckpointGrid.Bench;

/// <summary>The commands' "--name value" arguments: applied in order to an options record, numbers checked against their bounds.</summary>
internal static class BenchArguments
{
    /// <summary>Applies each pair of <paramref name="args"/> to <paramref name="options"/>; <paramref name="apply"/> throws <see cref="ArgumentException"/> for an unknown name.</summary>
    public static T Apply<T>(ReadOnlySpan<string> args, T options, Func<T, string, string, T> apply)
    {
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }
            options = apply(options, name, args[i + 1]);
        }
        return options;
    }

    public static int ParseInt(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'.");
        }
        return number;
    }
}
