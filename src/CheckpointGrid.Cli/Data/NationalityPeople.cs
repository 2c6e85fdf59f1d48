namespace CheckpointGrid.Cli.Data;

/// <summary>People of one nationality (ISO 3166-1 alpha-3; "OOO" for other or unknown).</summary>
public readonly record struct NationalityPeople(string Nationality, int People);
