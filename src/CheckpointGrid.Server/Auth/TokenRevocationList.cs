using System.Collections.Frozen;
using CheckpointGrid.Storage;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// The revoked token ids this silo refuses: read from the store at start and every few seconds after (so a revocation
/// taken by another silo of the cluster arrives within seconds), and added to at once when this silo takes one.
/// Lookups are lock-free reads of an immutable set.
/// </summary>
public sealed class TokenRevocationList
{
    private readonly Lock _gate = new();
    private FrozenSet<string> _revoked = FrozenSet<string>.Empty;

    /// <summary>Whether <paramref name="tokenId"/> is revoked.</summary>
    public bool IsRevoked(string tokenId) => Volatile.Read(ref _revoked).Contains(tokenId);

    /// <summary>How many token ids are on the list.</summary>
    public int Count => Volatile.Read(ref _revoked).Count;

    /// <summary>Adds one revocation at once (this silo just took it).</summary>
    public void Add(string tokenId)
    {
        lock (_gate)
        {
            Volatile.Write(ref _revoked, _revoked.Append(tokenId).ToFrozenSet(StringComparer.Ordinal));
        }
    }

    /// <summary>Replaces the list with what the store holds; a local revocation is in the store before it is added, so none is lost.</summary>
    public void Replace(IReadOnlyList<TokenRevocation> stored)
    {
        var set = stored.Select(static r => r.TokenId).ToFrozenSet(StringComparer.Ordinal);
        lock (_gate)
        {
            Volatile.Write(ref _revoked, set);
        }
    }
}
