using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CheckpointGrid.Testing.Postgres;

/// <summary>
/// A private PostgreSQL server for one test class: <c>initdb</c> into a new temporary directory, then a postmaster
/// listening on a free 127.0.0.1 port (no Unix socket outside its directory), trust authentication for the
/// <see cref="User"/> superuser. Debian's postgresql-15 binaries are used (<c>CHECKPOINTGRID_PG_BIN</c> names another
/// bin directory). As root, every PostgreSQL program runs as the <c>postgres</c> system user, since initdb and the
/// postmaster refuse root. It can be stopped and started again on the same port and data (a database restart), and
/// disposing stops it at once and deletes its directory.
/// </summary>
public sealed class PostgresInstance : IAsyncDisposable
{
    /// <summary>The superuser every connection uses.</summary>
    public const string User = "checkpointgrid";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresInstance(string directory, string binDirectory, bool asPostgresUser, int port)
    {
        Directory = directory;
        _binDirectory = binDirectory;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The temporary directory holding the data directory and the server's log.</summary>
    public string Directory { get; }

    /// <summary>The loopback port the server listens on (kept across restarts).</summary>
    public int Port { get; }

    /// <summary>Whether the server is running (started and not stopped since).</summary>
    public bool IsRunning { get; private set; }

    private string DataDirectory => Path.Combine(Directory, "data");

    private string LogPath => Path.Combine(Directory, "postgres.log");

    /// <summary>A connection string for <paramref name="database"/> (Npgsql's keywords).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Database={database}";

    /// <summary>Creates a new empty database on this server and returns its connection string; each test can take its own.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        var database = name ?? $"cg{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}";
        await RunAsync("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, database]).ConfigureAwait(false);
        return ConnectionString(database);
    }

    /// <summary>
    /// Initialises a new cluster in a new temporary directory and starts it. <paramref name="settings"/> are extra
    /// postgresql.conf settings (e.g. <c>max_connections</c>); the defaults are PostgreSQL's own, fsync included.
    /// </summary>
    public static async Task<PostgresInstance> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var bin = FindBinDirectory();
        var asPostgresUser = Environment.UserName == "root";
        // /tmp is writable by the postgres user; the directory is created by whoever runs initdb, so it owns it.
        var directory = Path.Combine(Path.GetTempPath(), $"cg-pg-{Guid.NewGuid():N}");
        var instance = new PostgresInstance(directory, bin, asPostgresUser, FreeLoopbackPort());
        try
        {
            await instance.RunAsync("initdb", ["-D", instance.DataDirectory, "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]).ConfigureAwait(false);
            var conf = new Dictionary<string, string>
            {
                ["listen_addresses"] = "'127.0.0.1'",
                ["port"] = instance.Port.ToString(CultureInfo.InvariantCulture),
                ["unix_socket_directories"] = $"'{instance.Directory}'",
                ["max_connections"] = "200",
                ["logging_collector"] = "off",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                conf[key] = value;
            }
            var lines = conf.Select(static pair => $"{pair.Key} = {pair.Value}");
            // The data directory belongs to the postgres user; append through a file it can read.
            var extra = Path.Combine(Path.GetTempPath(), $"cg-pg-conf-{Guid.NewGuid():N}");
            await File.WriteAllLinesAsync(extra, lines).ConfigureAwait(false);
            try
            {
                await instance.RunAsync("sh", ["-c", $"cat '{extra}' >> '{Path.Combine(instance.DataDirectory, "postgresql.conf")}'"], inBin: false).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(extra);
            }
            await instance.StartAgainAsync().ConfigureAwait(false);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port and data, returning once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        await RunAsync("pg_ctl", ["start", "-D", DataDirectory, "-l", LogPath, "-w", "-t", "60"]).ConfigureAwait(false);
        IsRunning = true;
    }

    /// <summary>
    /// Stops the server. <paramref name="mode"/> is pg_ctl's: <c>fast</c> (the default) disconnects every client and
    /// shuts down cleanly; <c>immediate</c> quits without a checkpoint, as a crash would, so the next start recovers from the WAL.
    /// </summary>
    public async Task StopAsync(string mode = "fast")
    {
        await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "60"]).ConfigureAwait(false);
        IsRunning = false;
    }

    /// <summary>The server's log so far (for a failing test's message).</summary>
    public string ReadLog()
    {
        try
        {
            return File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            try
            {
                await StopAsync("immediate").ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already gone; the directory still goes.
            }
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool inBin = true)
    {
        var path = inBin ? Path.Combine(_binDirectory, program) : program;
        var info = new ProcessStartInfo(_asPostgresUser ? "runuser" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (_asPostgresUser)
        {
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add("postgres");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(path);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}\n{ReadLog()}");
        }
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("CHECKPOINTGRID_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        const string Root = "/usr/lib/postgresql";
        var candidates = System.IO.Directory.Exists(Root)
            ? System.IO.Directory.GetDirectories(Root)
                .Select(static dir => Path.Combine(dir, "bin"))
                .Where(static bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(static bin => bin.EndsWith("/15/bin", StringComparison.Ordinal))
                .ThenBy(static bin => bin, StringComparer.Ordinal)
                .ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new InvalidOperationException(
                "No PostgreSQL server binaries under /usr/lib/postgresql/*/bin: install Debian's postgresql-15 (.ci/run does) or set CHECKPOINTGRID_PG_BIN.");
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
