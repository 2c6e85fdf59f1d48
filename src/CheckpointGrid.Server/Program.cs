using CheckpointGrid.Server.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddCheckpointGridServer(args);

var app = builder.Build();
app.MapCheckpointGrid();
app.Run();
