using Crm.Domain.Customers;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Tests.ImportExport;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// Decision 0067: a trigram in most rows (`cus` of every customer code) is left out of the index probe — on PostgreSQL by
/// the planner's statistics, on SQLite by counting its rows for the FTS5 phrase — never out of the match: a code search
/// still finds exactly its customers.
/// </summary>
public sealed class CommonTrigramTests : OwnAppTests
{
    private protected override CrmAppFactory CreateFactory() => new();

    [Fact]
    public async Task A_code_search_probes_only_its_selective_trigrams_and_finds_exactly_its_customer()
    {
        var api = Api;
        var codes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            codes.Add((await api.Admin.CreateCustomerAsync(new { name = $"探针精工{i:00}号" })).Str("customer_code")!);
        }

        var code = codes[27];
        var needle = SearchText.Needle(code)!;
        var trigrams = SearchText.Trigrams(needle);
        if (api.Factory.IsPostgres)
        {
            await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE customers");
            var tuning = api.Factory.Services.GetRequiredService<SearchTuning>();

            var probe = await tuning.ProbeTrigramsAsync(db, "customers", trigrams, default);
            Assert.DoesNotContain("cus", probe);
            Assert.Contains(trigrams[^1], probe); // the code's own last digits
            Assert.Subset(trigrams.ToHashSet(), probe.ToHashSet());

            // Every trigram of the shared prefix is in every row: nothing narrower to probe, so all are kept.
            var prefix = SearchText.Trigrams(SearchText.Needle(code[..7])!);
            Assert.Equal(prefix, await tuning.ProbeTrigramsAsync(db, "customers", prefix, default));
        }
        else
        {
            await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
            var tuning = api.Factory.Services.GetRequiredService<SearchTuning>();

            // Told the table has 40 rows, a trigram in more than 20 is in most: the code's date is in all 40 rows, the
            // last two trigrams of its serial (…0028) in 11 and 1.
            var phrase = await tuning.PhraseAsync(db, "customer_search", needle, tableRows: 40, default);
            Assert.EndsWith(phrase, needle, StringComparison.Ordinal);
            Assert.Equal(4, phrase.Length);

            // No two consecutive rare trigrams: the whole keyword (one rare trigram narrows far less than the keyword). The
            // last case asks a fresh SearchTuning: what is common is remembered per trigram, not per table size.
            Assert.Equal(SearchText.Needle(code[..7]), await tuning.PhraseAsync(db, "customer_search", SearchText.Needle(code[..7])!, tableRows: 40, default));
            Assert.Equal(needle, await new SearchTuning(new ConfigurationBuilder().Build()).PhraseAsync(db, "customer_search", needle, tableRows: 8, default));
        }

        var found = await api.Admin.GetJsonAsync("/api/v1/sales/customers?keyword=" + Uri.EscapeDataString(code));
        Assert.Equal([code], found.Items().Select(i => i!.Str("customer_code")));
        var prefixed = await api.Admin.GetJsonAsync("/api/v1/sales/customers?page_size=100&keyword=" + Uri.EscapeDataString(code[..^1]));
        Assert.Equal(codes.Where(c => c.StartsWith(code[..^1], StringComparison.Ordinal)).OrderDescending(), prefixed.Items().Select(i => i!.Str("customer_code")));
    }

    [EngineFact("sqlite")]
    public async Task A_fairly_common_trigram_at_an_end_of_the_phrase_is_left_out_while_two_stay()
    {
        var api = Api;
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await api.Admin.CreateCustomerAsync(new { name = $"abcdx{i}y" })).Id());
        }

        // Told the table has 100 rows: `bcd` and `cdx` are in 12 of them, more than a tenth (Crm:SearchCommonTrigram)
        // though under half, so they come off the phrase's start; `dx7` and `x7y` are in one row and stay. Two always stay.
        await using var db = await api.Factory.Services.GetDb().CreateDbContextAsync();
        var tuning = new SearchTuning(new ConfigurationBuilder().Build());
        Assert.Equal("dx7y", await tuning.PhraseAsync(db, "customer_search", "bcdx7y", tableRows: 100, default));
        Assert.Equal("cdx7", await tuning.PhraseAsync(db, "customer_search", "cdx7", tableRows: 100, default));

        // The page is tested with instr, so the rows are exactly the keyword's.
        var found = await api.Admin.GetJsonAsync("/api/v1/sales/customers?keyword=bcdx7y");
        Assert.Equal([ids[7]], found.Items().Select(i => i!.Id()));
    }
}
