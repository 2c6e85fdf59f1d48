using System.Globalization;
using CheckpointGrid.Deploy.Tests.Fixtures;
using CheckpointGrid.Server.Grpc;
using CheckpointGrid.Server.Hosting;
using CheckpointGrid.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CheckpointGrid.Deploy.Tests;

/// <summary>Every overlay's silos agree with the server's own options: ports, probes, settings, files, identity, shutdown.</summary>
public sealed class SiloDeploymentTests(Overlays overlays) : IClassFixture<Overlays>
{
    [Fact]
    public void Every_overlay_directory_is_tested()
    {
        var directories = Directory.GetDirectories(RepositoryPaths.Combine("k8s", "overlays")).Select(Path.GetFileName).Order();

        Assert.Equal(Overlays.All.Order(), directories);
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Container_ports_are_the_env_configured_ports(string overlay)
    {
        var silo = overlays[overlay].Silo;

        var configured = new Dictionary<string, int>
        {
            ["grpc"] = silo.EnvPort("Server__Port"),
            ["web"] = silo.EnvPort("Server__HttpPort"),
            ["health"] = silo.EnvPort("Server__HealthPort"),
            ["silo"] = silo.EnvPort("Server__SiloPort"),
            ["gateway"] = silo.EnvPort("Server__GatewayPort"),
        };

        Assert.Equal(configured.OrderBy(static p => p.Key), silo.Ports.OrderBy(static p => p.Key));
        Assert.Equal(configured.Count, configured.Values.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Service_targets_the_grpc_and_web_container_ports(string overlay)
    {
        var rendered = overlays[overlay];
        var service = rendered.Single("Service", "checkpointgrid");

        var targets = service.Node.Items("spec", "ports").Select(static p => p.Text("targetPort")).Order();

        Assert.Equal(["grpc", "web"], targets);
        Assert.Subset(rendered.PodLabels.ToHashSet(), service.Node.Map("spec", "selector").ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Probes_are_grpc_on_the_health_port_readiness_on_the_overall_service_and_liveness_on_the_process(string overlay)
    {
        var silo = overlays[overlay].Silo;
        var healthPort = silo.EnvPort("Server__HealthPort");
        Assert.NotEqual(0, healthPort);

        foreach (var (kind, service) in new[] { ("startupProbe", ""), ("readinessProbe", ""), ("livenessProbe", LivenessHealthCheck.Service) })
        {
            var probe = silo.Probe(kind);
            Assert.True(healthPort == int.Parse(probe.Text("grpc", "port")!, CultureInfo.InvariantCulture), $"{overlay} {kind}: port {probe.Text("grpc", "port")}, the health port is {healthPort}");
            Assert.True(service == probe.Text("grpc", "service"), $"{overlay} {kind}: service '{probe.Text("grpc", "service")}', expected '{service}'");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Every_section_key_env_names_a_server_option_and_its_value_fits(string overlay)
    {
        var silo = overlays[overlay].Silo;
        var names = silo.EnvEntries.Select(static e => e.Text("name")!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());

        foreach (var name in names.Where(static n => n.Contains("__", StringComparison.Ordinal)))
        {
            var property = ServerOptionKeys.Resolve(name);
            Assert.True(property is not null, $"{overlay}: env {name} names no server option. Known: {ServerOptionKeys.Known}");
            if (silo.Env.TryGetValue(name, out var value) && !value.Contains("$(", StringComparison.Ordinal))
            {
                Assert.True(ServerOptionKeys.Accepts(property, value), $"{overlay}: {name}={value} is not a {property.PropertyType.Name}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Files_the_server_reads_are_read_only_secret_mounts_at_the_env_configured_paths(string overlay)
    {
        var rendered = overlays[overlay];
        var silo = rendered.Silo;
        var files = new[] { "Server__Tls__CertificatePath", "Server__Tls__KeyPath", "Auth__JwtKeyPath" };

        foreach (var name in files)
        {
            var path = silo.EnvValue(name);
            var mount = silo.MountHolding(path);
            Assert.True(mount is not null, $"{overlay}: {name}={path} is on no volume mount");
            Assert.Equal("true", mount.Text("readOnly"));
            var volume = rendered.PodSpec.Items("volumes").Single(v => v.Text("name") == mount.Text("name"));
            Assert.True(volume.At("secret") is not null, $"{overlay}: {name}={path} is on volume {mount.Text("name")}, not a Secret");
            var file = path[(mount.Text("mountPath")!.TrimEnd('/').Length + 1)..];
            var items = volume.Items("secret", "items");
            if (items.Count > 0)
            {
                Assert.Contains(file, items.Select(static i => i.Text("path")));
            }
        }
        // Every setting that names a file is one of those.
        Assert.Equal(files.Order(), silo.Env.Keys.Where(static k => k.EndsWith("Path", StringComparison.Ordinal)).Order());
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Pod_runs_non_root_on_a_read_only_root_with_no_capabilities_and_writable_scratch(string overlay)
    {
        var rendered = overlays[overlay];
        var pod = rendered.PodSpec;
        var container = rendered.Silo.Node;

        Assert.Equal("true", pod.Text("securityContext", "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", pod.Text("securityContext", "seccompProfile", "type"));
        Assert.Equal("true", container.Text("securityContext", "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", container.Text("securityContext", "seccompProfile", "type"));
        Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], container.Texts("securityContext", "capabilities", "drop"));
        Assert.NotEqual("0", pod.Text("securityContext", "runAsUser"));

        // What the process writes: /tmp, the data directory, and ASP.NET Data Protection's key directory under the
        // home of the image's app user (uid 1654, home /home/app).
        Assert.Equal("1654", pod.Text("securityContext", "runAsUser"));
        foreach (var path in new[] { "/tmp", rendered.Silo.EnvValue("Server__DataDir"), "/home/app/.aspnet/DataProtection-Keys" })
        {
            var mount = rendered.Silo.MountHolding(path);
            Assert.True(mount is not null, $"{overlay}: {path} is on no volume mount");
            var volume = pod.Items("volumes").Single(v => v.Text("name") == mount.Text("name"));
            Assert.True(volume.At("emptyDir") is not null, $"{overlay}: {path} is on volume {mount.Text("name")}, not an emptyDir");
            Assert.NotEqual("true", mount.Text("readOnly"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Orleans_labels_and_downward_api_agree_with_the_cluster_settings(string overlay)
    {
        var rendered = overlays[overlay];
        var silo = rendered.Silo;

        Assert.Equal(silo.EnvValue("Cluster__ServiceId"), rendered.PodLabels["orleans/serviceId"]);
        Assert.Equal(silo.EnvValue("Cluster__ClusterId"), rendered.PodLabels["orleans/clusterId"]);
        Assert.Equal("true", silo.EnvValue("Cluster__Kubernetes"));
        Assert.Equal("metadata.name", silo.EnvEntry("POD_NAME").Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.namespace", silo.EnvEntry("POD_NAMESPACE").Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("status.podIP", silo.EnvEntry("POD_IP").Text("valueFrom", "fieldRef", "fieldPath"));
        // Kubernetes expands $(POD_IP) only from a variable defined earlier in the list.
        Assert.Equal("$(POD_IP)", silo.EnvValue("Server__AdvertiseAddress"));
        var names = silo.EnvEntries.Select(static e => e.Text("name")).ToList();
        Assert.True(names.IndexOf("POD_IP") < names.IndexOf("Server__AdvertiseAddress"));
        Assert.False(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(silo.EnvValue("Server__BindAddress"))));
        Assert.Equal("checkpointgrid-postgres", silo.EnvEntry("Storage__Postgres__ConnectionString").Text("valueFrom", "secretKeyRef", "name")?[.."checkpointgrid-postgres".Length]);
        Assert.Equal("connection-string", silo.EnvEntry("Storage__Postgres__ConnectionString").Text("valueFrom", "secretKeyRef", "key"));
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Service_account_may_do_with_pods_what_orleans_kubernetes_hosting_does(string overlay)
    {
        var rendered = overlays[overlay];
        var account = rendered.PodSpec.Text("serviceAccountName");
        var binding = rendered.OfKind("RoleBinding").Single(b => b.Node.Items("subjects").Any(s => s.Text("kind") == "ServiceAccount" && s.Text("name") == account));
        Assert.Equal(rendered.Silos.Node.Text("metadata", "namespace"), binding.Node.Items("subjects").Single().Text("namespace"));
        var role = rendered.Single("Role", binding.Node.Text("roleRef", "name")!);

        var rule = Assert.Single(role.Node.Items("rules"));
        Assert.Equal([""], rule.Texts("apiGroups"));
        Assert.Equal(["pods"], rule.Texts("resources"));
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule.Texts("verbs").Order());
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Disruption_budget_takes_one_silo_at_a_time_and_selects_the_silo_pods(string overlay)
    {
        var rendered = overlays[overlay];
        var budget = Assert.Single(rendered.OfKind("PodDisruptionBudget"));

        Assert.Equal("1", budget.Node.Text("spec", "maxUnavailable"));
        var selector = budget.Node.Map("spec", "selector", "matchLabels");
        Assert.NotEmpty(selector);
        Assert.Subset(rendered.PodLabels.ToHashSet(), selector.ToHashSet());
        Assert.Equal(rendered.Silos.Node.Map("spec", "selector", "matchLabels").OrderBy(static l => l.Key), selector.OrderBy(static l => l.Key));
    }

    [Theory]
    [MemberData(nameof(Overlays.Names), MemberType = typeof(Overlays))]
    public void Grace_period_outlasts_the_servers_shutdown(string overlay)
    {
        var grace = TimeSpan.FromSeconds(int.Parse(overlays[overlay].PodSpec.Text("terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture));
        string[] args = ["--port", "0", "--http-port", "0"];
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddCheckpointGridServer(args);
        using var services = builder.Services.BuildServiceProvider();

        var shutdown = services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var deactivation = services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.DeactivationTimeout;

        Assert.True(grace > shutdown, $"{overlay}: grace period {grace} is not longer than the host's shutdown timeout {shutdown}");
        Assert.True(grace > deactivation, $"{overlay}: grace period {grace} is not longer than Orleans' deactivation timeout {deactivation}");
    }
}
