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

    // Revocations this silo took, kept through every Replace: a store read that began before one was written must
    // not drop it until the next read. Few (an operator's acts) and never removed, as the store never removes them.
    private readonly HashSet<string> _local = new(StringComparer.Ordinal);
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
            _local.Add(tokenId);
            Volatile.Write(ref _revoked, _revoked.Append(tokenId).ToFrozenSet(StringComparer.Ordinal));
        }
    }

    /// <summary>Replaces the list with what the store holds, and what this silo revoked (the read may predate it).</summary>
    public void Replace(IReadOnlyList<TokenRevocation> stored)
    {
        lock (_gate)
        {
            Volatile.Write(ref _revoked, stored.Select(static r => r.TokenId).Concat(_local).ToFrozenSet(StringComparer.Ordinal));
        }
    }
}
