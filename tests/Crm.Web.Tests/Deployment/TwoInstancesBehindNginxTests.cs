using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Crm.Web.Tests.Infrastructure;
using Npgsql;

namespace Crm.Web.Tests.Deployment;

/// <summary>
/// The README's production layout, for real: two app processes (each with its own home folder, as on two hosts) on
/// one PostgreSQL, behind Debian's nginx with deploy/nginx/crm.conf. scripts/test.sh installs nginx when missing.
/// </summary>
public sealed class TwoInstancesBehindNginxTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crm-nginx-").FullName;
    private readonly List<Process> _processes = [];
    private string? _database;
    private Uri _a = null!;
    private Uri _b = null!;
    private Uri _proxy = null!;

    [EngineFact("postgres")]
    public async Task A_sign_in_form_from_one_instance_works_on_the_other_and_so_does_its_session()
    {
        using var a = UiBrowser.Client(_a);
        using var b = UiBrowser.Client(_b);
        var browser = new UiBrowser();

        var signIn = await browser.SignInAsync(pageServer: a, formServer: b, "admin", CrmAppFactory.AdminPassword);

        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"the login form of A posted to B → {(int)signIn.StatusCode}");
        Assert.Equal("/customers", signIn.Headers.Location?.ToString());
        Assert.Null(await browser.RedirectForAsync(a, "/customers"));
        Assert.Null(await browser.RedirectForAsync(b, "/customers"));
    }

    [EngineFact("postgres")]
    public async Task Signing_out_on_one_instance_ends_the_session_on_the_other_at_once()
    {
        using var a = UiBrowser.Client(_a);
        using var b = UiBrowser.Client(_b);
        var browser = new UiBrowser();
        await browser.SignInAsync(a, a, "admin", CrmAppFactory.AdminPassword);
        var copy = new UiBrowser();
        foreach (var cookie in browser.Cookies)
        {
            copy.Cookies[cookie.Key] = cookie.Value;
        }

        await browser.SubmitAsync(b, "/logout", b, "/account/logout", []);

        await copy.AssertSentToLoginAsync(a, "/customers");
    }

    [EngineFact("postgres")]
    public async Task Two_hundred_parallel_creates_through_nginx_are_split_across_both_instances_with_unique_codes()
    {
        // An API script keeps no cookies, so nginx spreads its requests.
        using var proxy = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _proxy };
        var login = await proxy.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = CrmAppFactory.AdminPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await proxy.PostAsJsonAsync("/api/v1/sales/customers", new { name = $"并发客户{i:D3}" });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"create {i} → {(int)response.StatusCode}: {body}");
            return (Code: JsonDocument.Parse(body).RootElement.GetProperty("customer_code").GetString()!, Upstream: response.Headers.GetValues("X-Upstream").Single());
        }));

        Assert.Equal(200, results.Select(r => r.Code).Distinct().Count());
        var perInstance = results.GroupBy(r => r.Upstream).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perInstance.Count == 2 && perInstance.Values.All(n => n >= 40), "split: " + string.Join(", ", perInstance));
    }

    [EngineFact("postgres")]
    public async Task A_browser_stays_on_one_instance_for_its_circuit()
    {
        using var proxy = UiBrowser.Client(_proxy);
        var browser = new UiBrowser();
        var first = await browser.GetAsync(proxy, "/login");
        Assert.True(browser.Cookies.ContainsKey("crm_node"), "nginx gave the browser no affinity cookie");
        var upstream = first.Headers.GetValues("X-Upstream").Single();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(upstream, (await browser.GetAsync(proxy, "/login")).Headers.GetValues("X-Upstream").Single());
        }
    }

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("CRM_TEST_DB") is not { } engine || !engine.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var server = Environment.GetEnvironmentVariable("CRM_TEST_PG")!;
        _database = "crm_nginx_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database} ENCODING 'UTF8' TEMPLATE template0", admin);
            await create.ExecuteNonQueryAsync();
        }

        // Two instances beside the test host's own pools: a modest pool each keeps the cluster under max_connections.
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = _database, MaxPoolSize = 20 }.ToString();
        var (portA, portB, portProxy) = (FreePort(), FreePort(), FreePort());
        _a = await StartInstanceAsync("a", portA, connection);
        _b = await StartInstanceAsync("b", portB, connection);
        _proxy = await StartNginxAsync(portProxy, portA, portB);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("CRM_TEST_PG"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<Uri> StartInstanceAsync(string name, int port, string connectionString)
    {
        var dll = Path.Combine(RepoPaths.Root, "src", "Crm.Web", "bin", "Release", "net10.0", "Crm.Web.dll");
        var home = Directory.CreateDirectory(Path.Combine(_dir, "home-" + name)).FullName;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Crm"] = connectionString;
        start.Environment["Admin__Password"] = CrmAppFactory.AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Crm__LoginLimits__PerIpPerMinute"] = "1000";
        start.Environment["Crm__LoginLimits__PerAccountPerMinute"] = "1000";
        var process = Process.Start(start)!;
        _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = new Uri($"http://127.0.0.1:{port}");
        await WaitHealthyAsync(url, process);
        return url;
    }

    private async Task<Uri> StartNginxAsync(int port, int portA, int portB)
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx not found: scripts/test.sh installs Debian's nginx package.");
        var site = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "nginx", "crm.conf")))
            .Replace("127.0.0.1:5081", $"127.0.0.1:{portA}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5082", $"127.0.0.1:{portB}", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace("add_header Set-Cookie $crm_node_cookie;", "add_header Set-Cookie $crm_node_cookie;\n        add_header X-Upstream $upstream_addr always;", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_dir, "crm.conf"), site);
        var conf = Path.Combine(_dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            daemon off;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log warn;
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                include {{_dir}}/crm.conf;
            }
            """);
        var process = Process.Start(new ProcessStartInfo(nginx, ["-c", conf, "-p", _dir]))!;
        _processes.Add(process);
        var url = new Uri($"http://127.0.0.1:{port}");
        await WaitHealthyAsync(url, process);
        return url;
    }

    private static async Task WaitHealthyAsync(Uri url, Process process)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} exited with {process.ExitCode}.");
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"{url} did not become healthy within a minute.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
