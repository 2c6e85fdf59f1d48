using System.Net;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Where the server listens and keeps its data; section "Server", or --port, --http-port, --data-dir, --bind.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>
    /// The address both endpoints bind. Beyond loopback only with bearer tokens (Auth:JwtKeyPath), and only with TLS
    /// unless <see cref="AllowPlaintext"/>.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The gRPC port (HTTP/2 cleartext, prior knowledge); 0 picks a free one.</summary>
    public int Port { get; set; } = 50051;

    /// <summary>The web port (HTTP/1.1) for the dashboard and plain HTTP health; 0 picks a free one.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>The silo's port for other silos (loopback in the embedded default); 0 picks a free one.</summary>
    public int SiloPort { get; set; }

    /// <summary>In a cluster, the silo's Orleans gateway port (for Orleans clients); 0 picks a free one. The embedded default has no gateway.</summary>
    public int GatewayPort { get; set; }

    /// <summary>
    /// In a cluster, the address other silos reach this one at. Default: the bind address when it is a specific one;
    /// needed when binding every interface (0.0.0.0), except on Kubernetes where the pod's IP is used.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>The directory for the embedded store; created if missing.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Serve cleartext beyond loopback (tokens still required): for a server behind a TLS-terminating proxy.</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>
    /// A cleartext HTTP/2 port on the bind address that serves grpc.health.v1.Health and nothing else, for probes that
    /// cannot speak TLS (the kubelet's gRPC probe); 0 (the default) is off.
    /// </summary>
    public int HealthPort { get; set; }

    internal IPAddress ParsedBindAddress => IPAddress.Parse(BindAddress);

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    internal static readonly Dictionary<string, string> Switches = new()
    {
        ["--port"] = $"{Section}:{nameof(Port)}",
        ["--http-port"] = $"{Section}:{nameof(HttpPort)}",
        ["--data-dir"] = $"{Section}:{nameof(DataDir)}",
        ["--bind"] = $"{Section}:{nameof(BindAddress)}",
        ["--silo-port"] = $"{Section}:{nameof(SiloPort)}",
        ["--gateway-port"] = $"{Section}:{nameof(GatewayPort)}",
        ["--advertise"] = $"{Section}:{nameof(AdvertiseAddress)}",
        // With it the server is a silo of the cluster on that database (membership and store).
        ["--postgres"] = $"{CheckpointGrid.Storage.PostgresStoreOptions.SectionName}:{nameof(CheckpointGrid.Storage.PostgresStoreOptions.ConnectionString)}",
        ["--allow-plaintext"] = $"{Section}:{nameof(AllowPlaintext)}",
        ["--health-port"] = $"{Section}:{nameof(HealthPort)}",
    };

    /// <summary>Whether the server binds beyond loopback in cleartext (allowed by <see cref="AllowPlaintext"/>; warned about at start).</summary>
    internal bool ServesPlaintextBeyondLoopback(bool tls) =>
        !tls && IPAddress.TryParse(BindAddress, out var address) && !IPAddress.IsLoopback(address);

    /// <summary>The settings' errors; <paramref name="tokens"/> and <paramref name="tls"/> say whether bearer tokens and TLS are configured.</summary>
    internal IEnumerable<string> Validate(bool tokens, bool tls)
    {
        if (!IPAddress.TryParse(BindAddress, out var address))
        {
            yield return $"Server:BindAddress '{BindAddress}' is not an IP address.";
        }
        else if (!IPAddress.IsLoopback(address) && !tokens)
        {
            // An open server is anyone's who can reach it (SECURITY.md): loopback only.
            yield return $"Server:BindAddress (--bind) {BindAddress} is not a loopback address; without bearer tokens (--jwt-key) the server runs open, so on loopback only.";
        }
        else if (!IPAddress.IsLoopback(address) && !tls && !AllowPlaintext)
        {
            yield return $"Server:BindAddress (--bind) {BindAddress} is not a loopback address; beyond loopback tokens must not cross the network in clear: configure TLS (--tls-cert and --tls-key, or --tls-pfx), or pass --allow-plaintext when a TLS-terminating proxy is in front.";
        }
        if (Port is < 0 or > 65535)
        {
            yield return $"Server:Port (--port) {Port} is not a port number (0-65535; 0 picks a free port).";
        }
        if (HttpPort is < 0 or > 65535)
        {
            yield return $"Server:HttpPort (--http-port) {HttpPort} is not a port number (0-65535; 0 picks a free port).";
        }
        if (Port != 0 && Port == HttpPort)
        {
            yield return $"Server:Port and Server:HttpPort are both {Port}; gRPC (HTTP/2) and the web page (HTTP/1.1) need separate ports.";
        }
        if (SiloPort is < 0 or > 65535)
        {
            yield return $"Server:SiloPort (--silo-port) {SiloPort} is not a port number (0-65535; 0 picks a free port).";
        }
        if (GatewayPort is < 0 or > 65535)
        {
            yield return $"Server:GatewayPort (--gateway-port) {GatewayPort} is not a port number (0-65535; 0 picks a free port).";
        }
        if (SiloPort != 0 && SiloPort == GatewayPort)
        {
            yield return $"Server:SiloPort and Server:GatewayPort are both {SiloPort}; the silo and its gateway need separate ports.";
        }
        if (!string.IsNullOrEmpty(AdvertiseAddress) && !IPAddress.TryParse(AdvertiseAddress, out _))
        {
            yield return $"Server:AdvertiseAddress (--advertise) '{AdvertiseAddress}' is not an IP address.";
        }
        if (string.IsNullOrWhiteSpace(DataDir))
        {
            yield return "Server:DataDir (--data-dir) is empty.";
        }
        if (HealthPort is < 0 or > 65535)
        {
            yield return $"Server:HealthPort (--health-port) {HealthPort} is not a port number (0-65535; 0 turns it off).";
        }
        else if (HealthPort != 0 && (HealthPort == Port || HealthPort == HttpPort))
        {
            yield return $"Server:HealthPort (--health-port) {HealthPort} is also the gRPC or the web port; the health port needs a port of its own.";
        }
    }
}
