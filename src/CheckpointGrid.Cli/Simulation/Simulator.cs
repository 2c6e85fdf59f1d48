using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Sources;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>
/// An endless, time-ordered stream of plausible crossing events at a set of checkpoints: a Poisson
/// process whose rate follows the day (<see cref="Sources.DayRhythm"/>), each event at a checkpoint
/// drawn by its weight and at one of its terminals, with a movement and direction the checkpoint
/// sees (<see cref="CheckpointFlow"/>), people drawn from SNM's mix (<see cref="PopulationMix"/>),
/// families of 2–6 now and then (<see cref="FamilySize"/>), and shelters steered to
/// <see cref="PublishedFlows.ShelterTarget"/> of their capacity from where they start: never below
/// empty, and no check-in ever takes one above capacity. Deterministic per seed and start.
/// </summary>
public sealed class Simulator
{
    private readonly SimulationOptions _options;
    private readonly PopulationMix _mix;
    private readonly CheckpointFlow[] _flows;
    private readonly WeightedChoice<int> _checkpointChoice;
    private readonly WeightedChoice<FlowOption>[] _optionChoices;
    private readonly TerminalAddress[][] _terminals;
    private readonly double _eventsPerSecond;

    public Simulator(SimulationOptions options)
        : this(options, new PopulationMix(options.ReferenceYear, SnmMonthlyTable.Embedded, SnmNationalityTable.Embedded))
    {
    }

    public Simulator(SimulationOptions options, PopulationMix mix)
    {
        options.Validate();
        _options = options;
        _mix = mix;
        _flows = new CheckpointFlow[options.Checkpoints.Count];
        _optionChoices = new WeightedChoice<FlowOption>[_flows.Length];
        _terminals = new TerminalAddress[_flows.Length][];
        var weights = new double[_flows.Length];
        for (var i = 0; i < _flows.Length; i++)
        {
            var flow = CheckpointFlow.For(options.Checkpoints[i]);
            _flows[i] = flow;
            weights[i] = flow.PeoplePerDay;
            var shares = new double[flow.Options.Count];
            for (var k = 0; k < shares.Length; k++)
            {
                shares[k] = flow.Options[k].PeoplePerDay;
            }

            _optionChoices[i] = new WeightedChoice<FlowOption>(flow.Options, shares);
            _terminals[i] = new TerminalAddress[options.TerminalsPerCheckpoint];
            for (var t = 0; t < options.TerminalsPerCheckpoint; t++)
            {
                _terminals[i][t] = new TerminalAddress(flow.Checkpoint.Id, TerminalId.Parse($"sim-{t + 1}"));
            }
        }

        _checkpointChoice = new WeightedChoice<int>([.. Enumerable.Range(0, _flows.Length)], weights);
        _eventsPerSecond = options.EventsPerSecond ?? options.Scale * weights.Sum() / FamilySize.Mean / 86_400;
    }

    /// <summary>Events per second on average over a day: the option's, or the published magnitudes' times the scale.</summary>
    public double EventsPerSecond => _eventsPerSecond;

    /// <summary>Every terminal the simulation records at.</summary>
    public IReadOnlyList<TerminalAddress> Terminals
    {
        get
        {
            var all = new List<TerminalAddress>();
            foreach (var terminals in _terminals)
            {
                all.AddRange(terminals);
            }

            return all;
        }
    }

    /// <summary>The events, endlessly, in time order from <see cref="SimulationOptions.Start"/>; enumerate again to start over.</summary>
    public IEnumerable<TerminalEvent> Events()
    {
        var random = new Random(_options.Seed);
        var occupancy = new long[_flows.Length];
        for (var i = 0; i < _flows.Length; i++)
        {
            occupancy[i] = _options.InitialOccupants.GetValueOrDefault(_flows[i].Checkpoint.Id);
        }

        var peak = _options.DayRhythm ? DayRhythm.MaxWeight : 1.0;
        var candidateRate = _eventsPerSecond * peak;
        var ticks = _options.Start.UtcTicks;
        long count = 0;
        while (true)
        {
            // Thinning: candidates at the peak rate, each kept with the rhythm's share of the peak.
            ticks += (long)(-Math.Log(1 - random.NextDouble()) / candidateRate * TimeSpan.TicksPerSecond);
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            if (_options.DayRhythm && random.NextDouble() * peak > DayRhythm.Weight(at))
            {
                continue;
            }

            count++;
            yield return Next(random, at, count, occupancy);
        }
    }

    private TerminalEvent Next(Random random, DateTimeOffset at, long count, long[] occupancy)
    {
        var index = _checkpointChoice.Next(random);
        var flow = _flows[index];
        var terminals = _terminals[index];
        var terminal = terminals[terminals.Length == 1 ? 0 : random.Next(terminals.Length)];
        var option = _optionChoices[index].Next(random);
        var demographic = _mix.NextDemographic(random);
        var nationality = _mix.NextNationality(option.Direction, random);
        var headcount = FamilySize.Next(random, int.MaxValue);
        var movement = option.Movement;
        if (movement is Movement.ShelterCheckIn or Movement.ShelterCheckOut)
        {
            (movement, headcount) = ShelterSteering.Next(flow.Checkpoint.ShelterCapacity, occupancy[index], headcount, random);
        }

        if (movement == Movement.ShelterCheckIn)
        {
            occupancy[index] += headcount;
        }
        else if (movement == Movement.ShelterCheckOut)
        {
            occupancy[index] -= headcount;
        }

        var crossing = new CrossingEvent
        {
            EventId = $"sim-{_options.RunTag}-{count}",
            CheckpointId = terminal.Checkpoint.Value,
            TerminalId = terminal.Terminal.Value,
            OccurredAt = Timestamp.FromDateTimeOffset(at),
            Movement = movement,
            Direction = option.Direction,
            Nationality = nationality,
            AgeGroup = demographic.AgeGroup,
            Sex = demographic.Sex,
            Headcount = (uint)headcount,
        };
        return new TerminalEvent(terminal, crossing);
    }
}
