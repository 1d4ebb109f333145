using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Crm.Web.Tests.ImportExport;

/// <summary>Builds the files a user would upload (written by MiniExcel, as Excel would save them) and posts them.</summary>
internal static class Sheets
{
    public const string Url = "/api/v1/sales/customers/import";

    /// <summary>An .xlsx whose first row is <paramref name="header"/>; cells are written as given (text, numbers, dates).</summary>
    public static byte[] Xlsx(string[] header, params object?[][] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(Rows(header, rows), printHeader: false);
        return stream.ToArray();
    }

    public static IEnumerable<Dictionary<string, object?>> Rows(string[] header, IEnumerable<object?[]> rows)
    {
        yield return Row(header);
        foreach (var row in rows)
        {
            yield return Row(row);
        }
    }

    private static Dictionary<string, object?> Row(object?[] cells)
    {
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < cells.Length; i++)
        {
            row[Column(i)] = cells[i];
        }

        return row;
    }

    public static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : "A" + (char)('A' + index - 26);

    public static byte[] Csv(string text, bool bom = true) =>
        [.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)];

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] file, string query = "", string fileName = "客户.xlsx", string url = Url)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return await client.PostAsync(url + (query.Length > 0 ? "?" + query : ""), form);
    }

    /// <summary>Uploads and expects 200; returns the result.</summary>
    public static async Task<JsonNode> ImportAsync(this HttpClient client, byte[] file, string query = "", string fileName = "客户.xlsx")
    {
        var response = await client.UploadAsync(file, query, fileName);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"import → {(int)response.StatusCode}: {body}");
        return body;
    }

    public static int Int(this JsonNode node, string field) => node[field]!.GetValue<int>();

    public static JsonArray Errors(this JsonNode result) => result["errors"]!.AsArray();

    /// <summary>The customers whose names start with <paramref name="prefix"/>, straight from the database.</summary>
    public static async Task<List<Customer>> CustomersAsync(this ApiFixture api, string prefix)
    {
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        return await db.Customers.AsNoTracking().Include(c => c.Tags).Where(c => c.Name.StartsWith(prefix)).OrderBy(c => c.Id).ToListAsync();
    }

    public static IDbContextFactory<CrmDbContext> GetDb(this IServiceProvider services) =>
        (IDbContextFactory<CrmDbContext>)services.GetService(typeof(IDbContextFactory<CrmDbContext>))!;

    /// <summary>The trigger-kept counters say what a recount of the customers says (decision 0016).</summary>
    public static Task AssertCountersExactAsync(this ApiFixture api) => CounterRecount.AssertCountersMatchAsync(api.Factory);

    /// <summary>A valid workbook with one more part that inflates to more than a gigabyte (compressed: about a megabyte).</summary>
    public static byte[] ZipBomb(byte[] workbook)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry("xl/media/padding.bin", CompressionLevel.Fastest);
            using var output = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 1100; i++)
            {
                output.Write(zeros);
            }
        }

        return stream.ToArray();
    }
}
