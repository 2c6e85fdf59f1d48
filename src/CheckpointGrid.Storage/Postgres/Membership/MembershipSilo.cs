namespace CheckpointGrid.Storage.Postgres.Membership;

/// <summary>
/// One silo incarnation in a cluster's membership table: its silo endpoint and generation, its gateway port (0 when it
/// has none), its status, and when it started and last said it was alive (UTC).
/// </summary>
public sealed record MembershipSilo(
    string Address,
    int Port,
    int Generation,
    string SiloName,
    string HostName,
    MembershipSiloStatus Status,
    int GatewayPort,
    DateTime StartTime,
    DateTime IAmAliveTime);
