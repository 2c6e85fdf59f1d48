using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Abstractions.Serialization;

// The API's messages that grain calls take or return.

/// <summary>Carries <see cref="ScopeCounts"/>.</summary>
[RegisterConverter]
public sealed class ScopeCountsConverter : ProtoConverter<ScopeCounts>;

/// <summary>Carries <see cref="CrossingEvent"/>.</summary>
[RegisterConverter]
public sealed class CrossingEventConverter : ProtoConverter<CrossingEvent>;

/// <summary>Carries <see cref="GetTimeSeriesRequest"/>.</summary>
[RegisterConverter]
public sealed class GetTimeSeriesRequestConverter : ProtoConverter<GetTimeSeriesRequest>;

/// <summary>Carries <see cref="GetTimeSeriesResponse"/>.</summary>
[RegisterConverter]
public sealed class GetTimeSeriesResponseConverter : ProtoConverter<GetTimeSeriesResponse>;

/// <summary>Carries <see cref="TopNationalitiesRequest"/>.</summary>
[RegisterConverter]
public sealed class TopNationalitiesRequestConverter : ProtoConverter<TopNationalitiesRequest>;

/// <summary>Carries <see cref="TopNationalitiesResponse"/>.</summary>
[RegisterConverter]
public sealed class TopNationalitiesResponseConverter : ProtoConverter<TopNationalitiesResponse>;

/// <summary>Carries <see cref="Checkpoint"/>.</summary>
[RegisterConverter]
public sealed class CheckpointConverter : ProtoConverter<Checkpoint>;

/// <summary>Carries <see cref="GetMonthlyReportRequest"/>.</summary>
[RegisterConverter]
public sealed class GetMonthlyReportRequestConverter : ProtoConverter<GetMonthlyReportRequest>;

/// <summary>Carries <see cref="GetMonthlyReportResponse"/>.</summary>
[RegisterConverter]
public sealed class GetMonthlyReportResponseConverter : ProtoConverter<GetMonthlyReportResponse>;
