namespace CheckpointGrid.Core.Catalog;

/// <summary>Where a checkpoint is, on WGS 84, with a note on how good the position is (empty when exact).</summary>
public sealed record GeoLocation(double Latitude, double Longitude, string Note);
