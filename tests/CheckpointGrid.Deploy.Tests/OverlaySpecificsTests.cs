using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using CheckpointGrid.Deploy.Tests.Fixtures;

namespace CheckpointGrid.Deploy.Tests;

/// <summary>
/// What differs between the overlays: dev's in-cluster PostgreSQL and collector, prod's Secrets that the operator
/// creates and the overlay documents.
/// </summary>
public sealed class OverlaySpecificsTests(Overlays overlays) : IClassFixture<Overlays>
{
    [Fact]
    public void Dev_runs_three_silos_and_one_postgres_on_a_volume_claim()
    {
        var dev = overlays["dev"];

        Assert.Equal("3", dev.Silos.Node.Text("spec", "replicas"));
        var postgres = dev.Single("StatefulSet", "postgres");
        var claim = Assert.Single(postgres.Node.Items("spec", "volumeClaimTemplates"));
        var container = postgres.Node.Items("spec", "template", "spec", "containers").Single();
        var dataMount = container.Items("volumeMounts").Single(m => m.Text("name") == claim.Text("metadata", "name")).Text("mountPath")!;
        var pgdata = container.Items("env").Single(static e => e.Text("name") == "PGDATA").Text("value")!;
        Assert.StartsWith(dataMount + "/", pgdata, StringComparison.Ordinal);
    }

    [Fact]
    public void Dev_postgres_password_and_the_silos_connection_string_come_from_one_generated_secret()
    {
        var dev = overlays["dev"];
        var postgres = dev.Single("StatefulSet", "postgres").Node.Items("spec", "template", "spec", "containers").Single();
        var env = postgres.Items("env").ToDictionary(static e => e.Text("name")!);
        var passwordRef = env["POSTGRES_PASSWORD"].At("valueFrom", "secretKeyRef");
        var connectionRef = dev.Silo.EnvEntry("Storage__Postgres__ConnectionString").At("valueFrom", "secretKeyRef");

        Assert.Equal(passwordRef.Text("name"), connectionRef.Text("name"));
        var secret = dev.Single("Secret", passwordRef.Text("name")!);
        var password = Decoded(secret, passwordRef.Text("key")!);
        var connection = new DbConnectionStringBuilder { ConnectionString = Decoded(secret, connectionRef.Text("key")!) };
        var service = dev.Single("Service", (string)connection["Host"]);
        Assert.Equal(dev.Single("StatefulSet", "postgres").Node.Map("spec", "selector", "matchLabels").OrderBy(static l => l.Key),
            service.Node.Map("spec", "selector").OrderBy(static l => l.Key));
        Assert.Equal(service.Node.Items("spec", "ports").Single().Text("port"), (string)connection["Port"]);
        Assert.Equal(password, (string)connection["Password"]);
        Assert.Equal(env["POSTGRES_USER"].Text("value"), (string)connection["Username"]);
        Assert.Equal(env["POSTGRES_DB"].Text("value"), (string)connection["Database"]);
    }

    [Fact]
    public void Dev_silos_export_telemetry_to_the_collector_service()
    {
        var dev = overlays["dev"];

        var endpoint = new Uri(dev.Silo.EnvValue("OTEL_EXPORTER_OTLP_ENDPOINT"));

        var collector = dev.Single("Service", endpoint.Host);
        var otlpGrpc = collector.Node.Items("spec", "ports").Single(static p => p.Text("name") == "otlp-grpc");
        Assert.Equal(otlpGrpc.Text("port"), endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(dev.OfKind("Deployment"), d => d.Name == "otel-collector");
    }

    [Fact]
    public void Prod_generates_no_secret_and_documents_every_secret_and_key_the_pods_read()
    {
        var prod = overlays["prod"];
        var documentation = File.ReadAllText(Path.Combine(prod.Directory, "kustomization.yaml"));
        Assert.Empty(prod.OfKind("Secret"));

        var wanted = new List<(string Secret, string Key)>();
        foreach (var entry in prod.Silo.EnvEntries.Where(static e => e.At("valueFrom", "secretKeyRef") is not null))
        {
            wanted.Add((entry.Text("valueFrom", "secretKeyRef", "name")!, entry.Text("valueFrom", "secretKeyRef", "key")!));
        }
        foreach (var volume in prod.PodSpec.Items("volumes").Where(static v => v.At("secret") is not null))
        {
            var mountPath = prod.Silo.Node.Items("volumeMounts").Single(m => m.Text("name") == volume.Text("name")).Text("mountPath")!;
            var keys = volume.Items("secret", "items").Select(static i => i.Text("key")!).ToList();
            if (keys.Count == 0)
            {
                // Every key becomes a file: the ones the server reads are the files its settings name.
                keys = [.. prod.Silo.Env.Values.Where(v => v.StartsWith(mountPath + "/", StringComparison.Ordinal)).Select(static v => v[(v.LastIndexOf('/') + 1)..])];
            }
            Assert.NotEmpty(keys);
            wanted.AddRange(keys.Select(k => (volume.Text("secret", "secretName")!, k)));
        }

        Assert.Contains(wanted, static w => w.Secret == "checkpointgrid-postgres");
        foreach (var (secret, key) in wanted)
        {
            var line = documentation.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, $@"Secret {Regex.Escape(secret)}\b(?!-)"));
            Assert.True(line is not null, $"prod/kustomization.yaml does not document Secret {secret}");
            Assert.True(line.Contains(key, StringComparison.Ordinal), $"prod/kustomization.yaml documents Secret {secret} without its key {key}: {line.Trim()}");
        }
    }

    private static string Decoded(Manifest secret, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(secret.Node.Text("data", key) ?? throw new InvalidOperationException($"{secret} has no key {key}.")));
}
