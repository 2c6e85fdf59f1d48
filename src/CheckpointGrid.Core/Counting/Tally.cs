using System.Runtime.InteropServices;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>People counted in one scope over one period: per movement, in total and by direction, age group, sex and nationality.</summary>
/// <remarks>
/// Invariants: every breakdown of a movement sums to its people (when filled from events); a nationality row
/// present in the map has at least one non-zero movement, so equal counts mean equal tallies.
/// </remarks>
public sealed class Tally : IEquatable<Tally>
{
    internal const int MovementCount = 5;

    // A movement's row: people, then Direction 1–2, AgeGroup 1–6, Sex 1–3, each at its enum value plus an offset.
    internal const int RowWidth = 12;
    internal const int DirectionOffset = 0;
    internal const int AgeGroupOffset = 2;
    internal const int SexOffset = 8;

    private TallyCells _cells;
    private Dictionary<NationalityCode, PerMovement>? _nationalities;

    /// <summary>Whether nobody is counted.</summary>
    public bool IsEmpty => ((ReadOnlySpan<ulong>)_cells).IndexOfAnyExcept(0UL) < 0 && (_nationalities is null || _nationalities.Count == 0);

    internal Dictionary<NationalityCode, PerMovement>? Nationalities => _nationalities;

    /// <summary>People counted for a movement.</summary>
    public ulong People(Movement movement) => _cells[Row(movement)];

    /// <summary>People counted for a movement, travelling in a direction.</summary>
    public ulong People(Movement movement, Direction direction) =>
        direction is >= Direction.Northbound and <= Direction.Southbound
            ? _cells[Row(movement) + DirectionOffset + (int)direction]
            : throw new ArgumentOutOfRangeException(nameof(direction));

    /// <summary>People counted for a movement, in an age group.</summary>
    public ulong People(Movement movement, AgeGroup ageGroup) =>
        ageGroup is >= AgeGroup.Ages0To4 and <= AgeGroup.Unknown
            ? _cells[Row(movement) + AgeGroupOffset + (int)ageGroup]
            : throw new ArgumentOutOfRangeException(nameof(ageGroup));

    /// <summary>People counted for a movement, of a sex.</summary>
    public ulong People(Movement movement, Sex sex) =>
        sex is >= Sex.Female and <= Sex.Unknown
            ? _cells[Row(movement) + SexOffset + (int)sex]
            : throw new ArgumentOutOfRangeException(nameof(sex));

    /// <summary>People counted for a movement, of a nationality (three uppercase letters); 0 for a code never counted.</summary>
    public ulong People(Movement movement, string nationality)
    {
        var row = Row(movement) / RowWidth;
        return NationalityCode.TryParse(nationality, out var code) && _nationalities is not null && _nationalities.TryGetValue(code, out var counts)
            ? counts[row]
            : 0;
    }

    /// <summary>Counts a valid event's people (its headcount) in every breakdown of its movement; allocates only for a nationality new to this tally.</summary>
    public void Add(CrossingEvent crossing) => Add(CountedCrossing.From(crossing));

    /// <summary>Adds another tally's counts to these, e.g. a batch's delta to a region's totals.</summary>
    public void Add(Tally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < MovementCount * RowWidth; i++)
        {
            _cells[i] += other._cells[i];
        }

        if (other._nationalities is not { Count: > 0 } theirs)
        {
            return;
        }

        var mine = _nationalities ??= new Dictionary<NationalityCode, PerMovement>(theirs.Count);
        foreach (var (code, counts) in theirs)
        {
            ref var row = ref CollectionsMarshal.GetValueRefOrAddDefault(mine, code, out _);
            for (var m = 0; m < MovementCount; m++)
            {
                row[m] += counts[m];
            }
        }
    }

    /// <summary>The counts as the API's message; by_nationality left empty when not wanted.</summary>
    public Counts ToProto(bool includeNationalities = true) => TallyProto.ToCounts(this, includeNationalities);

    /// <summary>Reads counts back from the API's message (e.g. as stored); throws <see cref="FormatException"/> for a malformed nationality code.</summary>
    public static Tally FromProto(Counts counts) => TallyProto.ToTally(counts);

    public bool Equals(Tally? other) =>
        other is not null
        && ((ReadOnlySpan<ulong>)_cells).SequenceEqual((ReadOnlySpan<ulong>)other._cells)
        && SameNationalities(_nationalities, other._nationalities)
        && SameNationalities(other._nationalities, _nationalities);

    public override bool Equals(object? obj) => Equals(obj as Tally);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(MemoryMarshal.AsBytes((ReadOnlySpan<ulong>)_cells));
        return hash.ToHashCode();
    }

    /// <summary>The counts as JSON, for test failures and logs.</summary>
    public override string ToString() => ToProto().ToString();

    internal ulong Cell(int index) => _cells[index];

    internal void SetCell(int index, ulong value) => _cells[index] = value;

    /// <summary>The hot path: no allocation once the nationality is in the map.</summary>
    internal void Add(in CountedCrossing crossing)
    {
        var row = crossing.MovementIndex * RowWidth;
        var people = crossing.People;
        _cells[row] += people;
        _cells[row + DirectionOffset + crossing.Direction] += people;
        _cells[row + AgeGroupOffset + crossing.AgeGroup] += people;
        _cells[row + SexOffset + crossing.Sex] += people;
        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_nationalities ??= [], crossing.Nationality, out _);
        counts[crossing.MovementIndex] += people;
    }

    internal void AddNationality(NationalityCode code, int movementIndex, ulong people)
    {
        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_nationalities ??= [], code, out _);
        counts[movementIndex] += people;
    }

    /// <summary>Whether every count of the other tally is at most the same count here.</summary>
    internal bool Contains(Tally other)
    {
        for (var i = 0; i < MovementCount * RowWidth; i++)
        {
            if (other._cells[i] > _cells[i])
            {
                return false;
            }
        }

        return other._nationalities is null || NationalityRows.AllWithin(other._nationalities, _nationalities);
    }

    /// <summary>Takes a contained tally's counts out (check <see cref="Contains"/> first); rows that reach zero go.</summary>
    internal void Subtract(Tally other)
    {
        for (var i = 0; i < MovementCount * RowWidth; i++)
        {
            _cells[i] -= other._cells[i];
        }

        if (other._nationalities is not null && _nationalities is not null)
        {
            NationalityRows.SubtractRows(_nationalities, other._nationalities);
        }
    }

    internal void Clear()
    {
        _cells = default;
        _nationalities?.Clear();
    }

    internal Tally Clone()
    {
        var copy = new Tally();
        copy.Add(this);
        return copy;
    }

    private static int Row(Movement movement) =>
        movement is >= Movement.Arrival and <= Movement.RepatriationBoarding
            ? ((int)movement - 1) * RowWidth
            : throw new ArgumentOutOfRangeException(nameof(movement), movement, "Movement must be one of the five movements.");

    private static bool SameNationalities(Dictionary<NationalityCode, PerMovement>? left, Dictionary<NationalityCode, PerMovement>? right)
    {
        if (left is null)
        {
            return true;
        }

        foreach (var (code, counts) in left)
        {
            var theirs = right is not null && right.TryGetValue(code, out var found) ? found : default;
            if (!((ReadOnlySpan<ulong>)counts).SequenceEqual((ReadOnlySpan<ulong>)theirs))
            {
                return false;
            }
        }

        return true;
    }
}
