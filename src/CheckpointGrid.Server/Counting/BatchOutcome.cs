namespace CheckpointGrid.Server.Counting;

/// <summary>What a committed batch came to: the terminal's durable sequence now, and how many events were counted or duplicates.</summary>
public readonly record struct BatchOutcome(ulong DurableThrough, uint Accepted, uint Duplicates);
