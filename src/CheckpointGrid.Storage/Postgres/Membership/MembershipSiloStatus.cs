namespace CheckpointGrid.Storage.Postgres.Membership;

/// <summary>A silo's status as the membership table stores it: the numbers of Orleans' <c>SiloStatus</c>, without depending on Orleans.</summary>
public enum MembershipSiloStatus
{
    None = 0,
    Created = 1,
    Joining = 2,
    Active = 3,
    ShuttingDown = 4,
    Stopping = 5,
    Dead = 6,
}
