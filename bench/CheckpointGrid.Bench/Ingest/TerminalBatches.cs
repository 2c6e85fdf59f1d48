using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// One terminal's batches for one phase, built before the phase starts so that making events costs
/// nothing while the load runs: consecutive sequences from <see cref="FirstSequence"/>, batches of
/// 50 to 500 events, occurred_at spread over the last two hours (or a given span) in sequence order.
/// </summary>
internal sealed class TerminalBatches
{
    public const int MinBatchEvents = 50;
    public const int MaxBatchEvents = 500;

    private static readonly TimeSpan History = TimeSpan.FromHours(2);

    private TerminalBatches(ulong firstSequence, IngestRequest[] requests, ulong[] lastSequences, int[] eventCounts, long[] people)
    {
        FirstSequence = firstSequence;
        Requests = requests;
        LastSequences = lastSequences;
        EventCounts = eventCounts;
        People = people;
    }

    public ulong FirstSequence { get; }

    /// <summary>The batches as sent; shared, read-only once built.</summary>
    public IngestRequest[] Requests { get; }

    /// <summary>Each batch's last sequence: an ack through it covers the batch.</summary>
    public ulong[] LastSequences { get; }

    public int[] EventCounts { get; }

    /// <summary>Each batch's sum of headcounts, for the check against the server's totals.</summary>
    public long[] People { get; }

    public int Count => Requests.Length;

    /// <summary>
    /// Lets the events go once the phase is over. Something in the client keeps the finished streams
    /// reachable for a while (without this, a phase's batches were still live when the next phase's were
    /// built, doubling the bench's heap).
    /// </summary>
    public void Release() => Array.Clear(Requests);

    /// <summary>At least <paramref name="minEvents"/> events (whole batches) for the terminal, numbered from <paramref name="firstSequence"/>.</summary>
    public static TerminalBatches Generate(SimulatedTerminal terminal, ulong firstSequence, long minEvents, int seed) =>
        Generate(terminal, firstSequence, minEvents, seed, DateTimeOffset.UtcNow - History, History);

    /// <summary>As <see cref="Generate(SimulatedTerminal, ulong, long, int)"/>, occurred_at spread over <paramref name="span"/> from <paramref name="start"/>.</summary>
    public static TerminalBatches Generate(SimulatedTerminal terminal, ulong firstSequence, long minEvents, int seed, DateTimeOffset start, TimeSpan span)
    {
        var random = new Random(seed);
        var capacity = (int)(minEvents / ((MinBatchEvents + MaxBatchEvents) / 2) + 2);
        var requests = new List<IngestRequest>(capacity);
        var lastSequences = new List<ulong>(capacity);
        var eventCounts = new List<int>(capacity);
        var people = new List<long>(capacity);
        var step = span / (minEvents + MaxBatchEvents);
        var sequence = firstSequence;
        long made = 0;
        while (made < minEvents)
        {
            var size = random.Next(MinBatchEvents, MaxBatchEvents + 1);
            var batch = new EventBatch();
            long headcount = 0;
            for (var i = 0; i < size; i++)
            {
                var crossing = CrossingEventFactory.Create(random, terminal.CheckpointId, terminal.TerminalId, sequence, start + (step * (made + i)));
                batch.Events.Add(crossing);
                headcount += crossing.Headcount;
                sequence++;
            }
            requests.Add(new IngestRequest { Batch = batch });
            lastSequences.Add(sequence - 1);
            eventCounts.Add(size);
            people.Add(headcount);
            made += size;
        }
        return new TerminalBatches(firstSequence, [.. requests], [.. lastSequences], [.. eventCounts], [.. people]);
    }
}
