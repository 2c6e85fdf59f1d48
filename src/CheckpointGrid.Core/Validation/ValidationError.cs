namespace CheckpointGrid.Core.Validation;

/// <summary>Why a request or an event was refused: the proto field at fault (e.g. "nationality") and a reason for people.</summary>
public sealed record ValidationError(string Field, string Reason)
{
    /// <summary>"field: reason", ready for a status message.</summary>
    public override string ToString() => $"{Field}: {Reason}";
}
