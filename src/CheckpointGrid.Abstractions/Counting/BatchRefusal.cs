namespace CheckpointGrid.Abstractions.Counting;

/// <summary>Why a checkpoint refused a batch; the Ingest stream ends with the matching status.</summary>
[GenerateSerializer, Alias("cg.BatchRefusal")]
public enum BatchRefusal
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>A newer stream was opened for the terminal (ABORTED).</summary>
    StreamReplaced = 1,

    /// <summary>The batch starts after the next expected sequence (FAILED_PRECONDITION).</summary>
    SequenceGap = 2,
}
