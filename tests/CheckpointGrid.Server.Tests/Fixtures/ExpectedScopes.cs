using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>What every scope must show once the given events are counted: the naive recount, by scope key (see <see cref="Watcher.KeyOf"/>).</summary>
internal sealed class ExpectedScopes
{
    private readonly Dictionary<string, (SortedDictionary<string, ulong> Table, long Occupants)> _scopes = [];

    public ExpectedScopes(IReadOnlyCollection<Contracts.V1.Checkpoint> catalog, IReadOnlyCollection<CrossingEvent> events)
    {
        Add(new Scope { National = new() }, events);
        foreach (var region in catalog.GroupBy(c => c.Region))
        {
            var ids = region.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            Add(new Scope { Region = region.Key }, events.Where(e => ids.Contains(e.CheckpointId)));
        }
        foreach (var checkpoint in catalog)
        {
            Add(new Scope { CheckpointId = checkpoint.Id }, events.Where(e => e.CheckpointId == checkpoint.Id));
        }
    }

    /// <summary>True when the view holds exactly the expected totals and occupancy of <paramref name="scopes"/>.</summary>
    public bool Reached(IReadOnlyDictionary<string, ScopeCounts> view, IEnumerable<Scope> scopes) =>
        scopes.All(scope =>
        {
            var key = Watcher.KeyOf(scope);
            var (table, occupants) = _scopes[key];
            return view.TryGetValue(key, out var served)
                && served.Shelter.Occupants == occupants
                && CountsTable.Of(served.Totals).SequenceEqual(table);
        });

    private void Add(Scope scope, IEnumerable<CrossingEvent> events)
    {
        var list = events.ToList();
        _scopes[Watcher.KeyOf(scope)] = (CountsTable.Of(list), ScopeAssert.Occupants(list));
    }
}
