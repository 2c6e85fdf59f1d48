using CheckpointGrid.Bench;

// Load commands against the real server; see bench/README.md.
return await BenchCommand.RunAsync(args);
