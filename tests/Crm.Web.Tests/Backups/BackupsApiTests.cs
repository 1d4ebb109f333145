using System.Net;
using Crm.Web.Features.Backups;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Backups;

public sealed class BackupApiFixture : IAsyncLifetime
{
    public BackupApiFixture()
    {
        Factory = new BackupAppFactory();
        Api = new ApiFixture(Factory);
    }

    internal BackupAppFactory Factory { get; }

    public ApiFixture Api { get; }

    public Task InitializeAsync() => Api.InitializeAsync();

    public Task DisposeAsync() => Api.DisposeAsync();
}

public sealed class BackupsApiTests(BackupApiFixture fixture) : IClassFixture<BackupApiFixture>
{
    private const string Url = "/api/v1/admin/backups";

    private ApiFixture Api => fixture.Api;

    private BackupAppFactory Factory => fixture.Factory;

    [Fact]
    public async Task Back_up_now_keeps_a_verified_owner_only_file_that_is_listed_and_downloads_byte_for_byte()
    {
        await Api.Admin.CreateCustomerAsync(new { name = "备份前的客户" });

        var response = await Api.Admin.PostAsync(Url, null);
        var created = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        var name = created.Str("name");
        Assert.Matches(Factory.IsPostgres ? @"^crm-\d{8}T\d{6}Z(~\d+)?\.dump$" : @"^crm-\d{8}T\d{6}Z(~\d+)?\.db$", name);

        var path = Path.Combine(Factory.BackupDirectory, name);
        BackupChecks.AssertOwnerOnly(path, BackupFiles.FileMode);
        BackupChecks.AssertOwnerOnly(Factory.BackupDirectory, BackupFiles.FolderMode);
        Assert.Empty(Directory.GetFiles(Factory.BackupDirectory, "*.partial"));

        var listed = (await Api.Admin.GetJsonAsync(Url)).AsArray().Single(b => b!.Str("name") == name)!;
        Assert.Equal(new FileInfo(path).Length, listed.Long("size"));
        Assert.True(listed.Bool("verified"));
        Assert.Equal(Factory.IsPostgres ? "postgres" : "sqlite", listed.Str("engine"));
        Assert.EndsWith("+08:00", listed.Str("created_at"), StringComparison.Ordinal);

        var download = await Api.Admin.GetAsync($"{Url}/{name}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(path), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Taking_downloading_and_deleting_a_backup_are_each_in_the_audit_trail_under_the_admin()
    {
        var name = (await (await Api.Admin.PostAsync(Url, null)).ReadJsonAsync()).Str("name");
        Assert.Equal(HttpStatusCode.OK, (await Api.Admin.GetAsync($"{Url}/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Admin.DeleteAsync($"{Url}/{name}")).StatusCode);

        var entries = (await Api.Admin.GetJsonAsync("/api/v1/audit?entity=backup&page_size=100")).Items()
            .Where(e => e!["changes"]?["file_name"]?.GetValue<string>() == name)
            .ToList();
        Assert.Equal(["backup_deleted", "backup_downloaded", "backup_taken"], entries.Select(e => e!.Str("action")));
        Assert.All(entries, e => Assert.Equal(Api.AdminId, e!.Long("actor_id")));
        Assert.True(entries[^1]!["changes"]!["size_bytes"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Deleting_a_backup_removes_its_file_and_a_second_delete_is_404()
    {
        var name = (await (await Api.Admin.PostAsync(Url, null)).ReadJsonAsync()).Str("name");

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Admin.DeleteAsync($"{Url}/{name}")).StatusCode);

        Assert.False(File.Exists(Path.Combine(Factory.BackupDirectory, name)));
        Assert.DoesNotContain(name, (await Api.Admin.GetJsonAsync(Url)).Strings("name"));
        await (await Api.Admin.DeleteAsync($"{Url}/{name}")).AssertErrorAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Everything that is not the bare name of a backup in the folder: parent folders, absolute paths, other folders, other files.</summary>
    public static TheoryData<string> NotABackupInTheFolder => new()
    {
        "..%2Fcrm-20260101T000000Z.db",
        "..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "%2Ftmp%2Fcrm-20260101T000000Z.db",
        "..%5Ccrm-20260101T000000Z.db",
        "sub%2Fcrm-20260101T000000Z.db",
        "crm-20260101T000000Z.db.txt",
        "%2e%2e%2fcrm-20260101T000000Z.db",
        "appsettings.json",
        ".crm-20260101T000000Z.db.partial",
        "CRM-20260101T000000Z.DB",
    };

    [Theory]
    [MemberData(nameof(NotABackupInTheFolder))]
    public async Task A_name_that_is_not_a_backup_is_400_on_download_and_delete_and_nothing_is_read_or_deleted(string encodedName)
    {
        // A real file one folder up with a backup's name: a path that reaches it must not serve or delete it.
        var outside = Path.Combine(Path.GetDirectoryName(Factory.BackupDirectory)!, "crm-20260101T000000Z.db");
        await File.WriteAllTextAsync(outside, "secret");
        try
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
            {
                var response = await Api.Admin.SendAsync(new HttpRequestMessage(method, $"{Url}/{encodedName}"));
                Assert.True(
                    response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
                    $"{method} {encodedName} → {(int)response.StatusCode}");
                Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                var body = await response.ReadJsonAsync();
                Assert.False(string.IsNullOrWhiteSpace(body["detail"]?.GetValue<string>()), body.ToJsonString());
            }

            Assert.True(File.Exists(outside));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task A_traversal_name_is_400_and_a_good_name_that_is_not_there_is_404()
    {
        await (await Api.Admin.GetAsync($"{Url}/..%2Fcrm-20260101T000000Z.db")).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await Api.Admin.DeleteAsync($"{Url}/%2Fetc%2Fpasswd")).AssertErrorAsync(HttpStatusCode.BadRequest);
        await (await Api.Admin.GetAsync($"{Url}/crm-20200101T000000Z.db")).AssertErrorAsync(HttpStatusCode.NotFound);
        await (await Api.Admin.DeleteAsync($"{Url}/crm-20200101T000000Z.dump")).AssertErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sales_get_403_and_anonymous_get_401_on_every_endpoint_and_nothing_is_deleted()
    {
        var name = (await (await Api.Admin.PostAsync(Url, null)).ReadJsonAsync()).Str("name");
        var before = BackupChecks.BackupNames(Factory);
        var sales = await Api.NewUserAsync();
        var anonymous = Api.Anonymous();
        var requests = new (HttpMethod Method, string Url)[]
        {
            (HttpMethod.Get, Url), (HttpMethod.Get, $"{Url}/status"), (HttpMethod.Post, Url),
            (HttpMethod.Get, $"{Url}/{name}"), (HttpMethod.Delete, $"{Url}/{name}"), (HttpMethod.Get, $"{Url}/..%2Fx"),
        };
        foreach (var (method, url) in requests)
        {
            await (await sales.Client.SendAsync(new HttpRequestMessage(method, url))).AssertErrorAsync(HttpStatusCode.Forbidden);
            await (await anonymous.SendAsync(new HttpRequestMessage(method, url))).AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(before, BackupChecks.BackupNames(Factory));
    }

    [Fact]
    public async Task Back_up_now_while_a_backup_runs_is_409_and_writes_nothing()
    {
        var before = BackupChecks.BackupNames(Factory);
        var take = Factory.Get<TakeBackup>();
        await take.Gate.WaitAsync();
        try
        {
            await (await Api.Admin.PostAsync(Url, null)).AssertErrorAsync(HttpStatusCode.Conflict, "正在进行");
        }
        finally
        {
            take.Gate.Release();
        }

        Assert.Equal(before, BackupChecks.BackupNames(Factory));
        Assert.Equal(HttpStatusCode.Created, (await Api.Admin.PostAsync(Url, null)).StatusCode);
    }

    [Fact]
    public async Task Status_names_the_engine_the_folder_and_a_restore_command_to_copy()
    {
        var status = await Api.Admin.GetJsonAsync($"{Url}/status");

        Assert.Equal(Factory.IsPostgres ? "postgres" : "sqlite", status.Str("engine"));
        Assert.Equal(Factory.BackupDirectory, status.Str("directory"));
        Assert.Equal(14, status.Long("keep"));
        Assert.Null(status["next_scheduled_at"]);
        Assert.Null(status["tool_problem"]);
        Assert.StartsWith("dotnet run --project src/Crm.Web -- restore --from \"" + Factory.BackupDirectory, status.Str("restore_command"), StringComparison.Ordinal);
    }
}
