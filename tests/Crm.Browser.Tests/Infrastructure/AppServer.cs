using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Crm.Browser.Tests.Infrastructure;

/// <summary>
/// The real app (the built Crm.Web.dll) on a free loopback port with a throwaway SQLite database, and one headless
/// Debian chromium driven by Playwright. Started once for the browser suite and stopped after it.
/// </summary>
public class AppServer : IAsyncLifetime
{
    public const string AdminPassword = "Admin#Browser2026";

    private readonly string? _connectionString;

    public AppServer()
        : this(connectionString: null)
    {
    }

    /// <summary>The app on an existing database (e.g. the benchmark's bulk-loaded one) instead of a fresh one.</summary>
    protected AppServer(string? connectionString) => _connectionString = connectionString;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "crm-browser-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly StringBuilder _log = new();
    private Process? _app;
    private IPlaywright? _playwright;
    private int _userCounter;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The first admin's password on this server's database.</summary>
    public virtual string AdminLoginPassword => AdminPassword;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient AdminApi { get; private set; } = null!;

    public static string RepoRoot { get; } = FindRepoRoot();

    public string ScreenshotDir { get; } = Path.Combine(RepoRoot, "artifacts", "screenshots");

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        // CRM_BROWSER_PORT pins the app's port (machines shared by several runs give each its own range).
        var port = int.TryParse(Environment.GetEnvironmentVariable("CRM_BROWSER_PORT"), out var pinned) ? pinned : FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var dll = AppDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Crm"] = _connectionString ?? $"Data Source={Path.Combine(_dataDir, "crm.db")}";
        start.Environment["Admin__UserName"] = "admin";
        start.Environment["Admin__Password"] = AdminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";

        // The suite signs in far more often from one address than a person does (decision 0030).
        start.Environment["Crm__LoginLimits__PerIpPerMinute"] = "1000";
        start.Environment["Crm__LoginLimits__PerAccountPerMinute"] = "1000";
        Configure(start.Environment);
        _app = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
        _app.OutputDataReceived += (_, e) => Append(e.Data);
        _app.ErrorDataReceived += (_, e) => Append(e.Data);
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();

        await WaitForHealthAsync();

        AdminApi = await ApiClientAsync("admin", AdminLoginPassword);
        Directory.CreateDirectory(ScreenshotDir);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRM_BROWSER") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Settings of a server for one scenario (e.g. a tiny count cap), as environment variables of the app.</summary>
    protected virtual void Configure(IDictionary<string, string?> environment)
    {
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        AdminApi?.Dispose();
        if (_app is { HasExited: false })
        {
            _app.Kill(entireProcessTree: true);
            await _app.WaitForExitAsync();
        }

        _app?.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up with the temp folder.
        }
    }

    /// <summary>A new browser context (cookies of its own) with a page of the given width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);

        // The UI runs under its Content-Security-Policy (issue 12): every refusal is reported, with the element or
        // script that caused it, and the step that saw it fails (PageExtensions.StepAsync).
        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', function (e) {
              var what = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 200) : e.blockedURI;
              console.error('CSP violation: ' + e.violatedDirective + ' by ' + what + ' sample: ' + e.sample);
            }, true);
            """);
        context.Console += (_, message) =>
        {
            if (message.Text.StartsWith("CSP violation: ", StringComparison.Ordinal))
            {
                violations.Enqueue(message.Text);
            }
        };
        var page = await context.NewPageAsync();
        CspViolations.Add(page, violations);
        return page;
    }

    /// <summary>Content-Security-Policy refusals each page saw.</summary>
    public System.Runtime.CompilerServices.ConditionalWeakTable<IPage, System.Collections.Concurrent.ConcurrentQueue<string>> CspViolations { get; } = new();

    /// <summary>An API client signed in as the user (for setting up data a scenario is not about).</summary>
    public async Task<HttpClient> ApiClientAsync(string username, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"login of {username} failed: {body}");
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["access_token"]!.GetValue<string>());
        return client;
    }

    /// <summary>A new active user (sales by default), created through the API.</summary>
    public async Task<(long Id, string Username, string Password)> NewUserAsync(string role = "sales", string? displayName = null)
    {
        var n = Interlocked.Increment(ref _userCounter);
        var username = $"{role}{n}x{Guid.NewGuid():N}"[..16];
        const string password = "Sales#2026pw";
        var response = await AdminApi.PostAsJsonAsync("/api/v1/users", new { username, display_name = displayName ?? $"销售{n}", role, password });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create user failed: {body}");
        }

        return (body["id"]!.GetValue<long>(), username, password);
    }

    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_app!.HasExited)
            {
                throw new InvalidOperationException("the app exited during start-up:\n" + Log());
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the app did not answer /healthz within 90 s:\n" + Log());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The app built in the same configuration as these tests (Release under scripts/test.sh).</summary>
    private static string AppDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepoRoot, "src", "Crm.Web", "bin", configuration, "net10.0", "Crm.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Crm.Web first", dll);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crm.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Crm.slnx not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<AppServer>;
