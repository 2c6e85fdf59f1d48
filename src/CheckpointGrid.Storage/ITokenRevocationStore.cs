namespace CheckpointGrid.Storage;

/// <summary>
/// Where revoked token ids persist, so that a revocation survives restarts and reaches every silo of a cluster
/// (each re-reads the list from the shared store).
/// </summary>
public interface ITokenRevocationStore
{
    /// <summary>
    /// Records <paramref name="revocation"/> unless its token is already revoked; returns the revocation in force (the
    /// earlier one when there was one) and whether it was new. Durable when the returned task completes.
    /// </summary>
    Task<(TokenRevocation InForce, bool Added)> RevokeTokenAsync(TokenRevocation revocation, CancellationToken cancellationToken);

    /// <summary>Every revocation, in the order recorded.</summary>
    Task<IReadOnlyList<TokenRevocation>> LoadRevocationsAsync(CancellationToken cancellationToken);
}
