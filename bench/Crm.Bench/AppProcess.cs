using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crm.Bench;

/// <summary>The real app on Kestrel, as a separate process, so the API is measured as deployed.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Pid => _process.Id;

    public static async Task<AppProcess> StartAsync(string repoRoot, string engine, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(repoRoot, "src", "Crm.Web", "bin", "Release", "net10.0", "Crm.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: build with -c Release first.");
        }

        // CRM_BENCH_PORT pins the app's port (machines shared by several runs give each its own range).
        var port = int.TryParse(Environment.GetEnvironmentVariable("CRM_BENCH_PORT"), out var pinned) ? pinned : FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", url])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__Provider"] = engine == "postgres" ? "Postgres" : "Sqlite";
        info.Environment["ConnectionStrings__Crm"] = connectionString;
        info.Environment["Logging__LogLevel__Default"] = "Warning";

        // Each response says how long the app worked on it (decision 0087), so a scenario's time splits into the app's
        // work and the wait outside it.
        info.Environment["Crm__ServerTiming"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("  [app] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync(url + "/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return new AppProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException("The app exited during start-up.");
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The app did not become healthy within 2 minutes.");
    }

    public double RssMegabytes() => Status("VmRSS:");

    /// <summary>
    /// The resident memory the app itself allocated (heap, stacks): RSS without the pages of memory-mapped files, which
    /// are the kernel's page cache shared with every reader of the file and dropped under pressure.
    /// </summary>
    public double AnonymousRssMegabytes() => Status("RssAnon:");

    /// <summary>The most resident memory the app has had so far (the kernel's high-water mark).</summary>
    public double PeakRssMegabytes() => Status("VmHWM:");

    private double Status(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
