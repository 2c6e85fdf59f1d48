using System.CommandLine;
using CheckpointGrid.Cli.Commands;

var configuration = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
return await CliCommands.Create().Parse(args).InvokeAsync(configuration);
