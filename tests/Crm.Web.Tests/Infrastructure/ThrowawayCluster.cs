using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb, pg_ctl), so that a test can stop and start the server under a
/// running app without disturbing the suite's shared cluster. Runs the server as the postgres user when root.
/// </summary>
public sealed class ThrowawayCluster : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private ThrowawayCluster(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Timeout=5";

    public static async Task<ThrowawayCluster> CreateAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (scripts/test.sh installs them).");
        }

        var dir = Directory.CreateTempSubdirectory("crm-pg-outage-").FullName;
        var cluster = new ThrowawayCluster(bin, dir, FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", dir);
        }

        await cluster.AsPostgresAsync("initdb", "-D", Path.Combine(dir, "data"), "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-U", "postgres");
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => AsPostgresAsync(
        "pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "postgres.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_dir} -c fsync=off", "start");

    public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "-t", "60", "stop");

    public void Dispose()
    {
        try
        {
            AsPostgresAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Task AsPostgresAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} → exit {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
