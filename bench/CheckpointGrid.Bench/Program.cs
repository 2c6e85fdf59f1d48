using CheckpointGrid.Bench;

// Load commands against the gRPC layer; see bench/README.md.
return await BenchCommand.RunAsync(args);
