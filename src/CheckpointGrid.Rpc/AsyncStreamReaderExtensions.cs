using System.Runtime.CompilerServices;

namespace CheckpointGrid.Rpc;

/// <summary>Adapts <see cref="IAsyncStreamReader{T}"/> to <c>await foreach</c>.</summary>
public static class AsyncStreamReaderExtensions
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        this IAsyncStreamReader<T> reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
