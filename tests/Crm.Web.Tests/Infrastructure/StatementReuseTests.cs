namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Decision 0079: a read asked again sends the statements EF built the first time, as they are, instead of building
/// their SQL again (~0.3 ms a request). Every read the bench measures, for a salesperson and for an admin.
/// </summary>
[Collection("api")]
public sealed class StatementReuseTests(ApiFixture api)
{
    public static TheoryData<string> Reads =>
    [
        "/api/v1/sales/customers?keyword=fy",
        "/api/v1/sales/customers/{customer}",
        "/api/v1/sales/customers/{customer}/contacts",
        "/api/v1/sales/customers/{customer}/follow-ups",
        "/api/v1/sales/customers/stats",
        "/api/v1/sales/workbench",
    ];

    /// <summary>
    /// Lists whose page is a query shape read by hand, with their tags and total (decision 0085): their SQL is EF's,
    /// written once per shape, and nothing goes through EF. An admin's one-tag list too; a salesperson's is filtered
    /// to their own customers, which EF reads (the flag: whether the salesperson's list is also read by hand).
    /// </summary>
    public static TheoryData<string, bool> HandReads => new()
    {
        { "/api/v1/sales/customers?page=1&page_size=20", true },
        { "/api/v1/sales/customers?page=2&page_size=20", true },
        { "/api/v1/sales/customers?customer_level=C&status=potential&sales_owner_id={owner}", true },
        { "/api/v1/sales/customers?order_by=last_follow_up_at&order_desc=false", true },
        { "/api/v1/sales/customers?tag={tag}", false },
    };

    /// <summary>
    /// On SQLite a selective keyword's page takes its candidates from the FTS5 index through hand-written SQL with a
    /// parameter, and EF never reuses such a statement (FromSql with arguments); on PostgreSQL it is all LINQ.
    /// </summary>
    public static TheoryData<string> KeywordReads =>
    [
        "/api/v1/sales/customers?keyword=复用",
        "/api/v1/sales/contacts?keyword=1391234",
    ];

    [EngineTheory("postgres")]
    [MemberData(nameof(KeywordReads))]
    public Task A_keyword_read_asked_again_sends_the_statements_built_the_first_time(string read) =>
        AssertSentAsBuiltAsync(read, salesByHand: false, adminByHand: false);

    [Theory]
    [MemberData(nameof(Reads))]
    public Task A_read_asked_again_sends_the_statements_built_the_first_time(string read) => AssertSentAsBuiltAsync(read, salesByHand: false, adminByHand: false);

    [Theory]
    [MemberData(nameof(HandReads))]
    public Task A_list_read_by_hand_sends_nothing_through_EF(string read, bool salesByHand) => AssertSentAsBuiltAsync(read, salesByHand, adminByHand: true);

    private async Task AssertSentAsBuiltAsync(string read, bool salesByHand, bool adminByHand)
    {
        var sales = await api.NewUserAsync();
        var tag = RecordHelpers.UniqueTag("复用");
        var customer = await sales.Client.CreateCustomerAsync(new { name = "复用精工" + Guid.NewGuid().ToString("N")[..6] });
        await sales.Client.CreateContactAsync(customer.Id(), new { name = "复用联系人", mobile = "13912340000" });
        await sales.Client.AddFollowUpAsync(customer.Id(), new { method = "phone", content = "复用跟进" });
        await sales.Client.AddTagAsync(customer.Id(), tag);
        var url = read.Replace("{owner}", sales.Id.ToString()).Replace("{tag}", Uri.EscapeDataString(tag)).Replace("{customer}", customer.Id().ToString());

        foreach (var (reader, byHand) in new[] { (sales.Client, salesByHand), (api.Admin, adminByHand) })
        {
            await reader.GetJsonAsync(url);
            using var sent = SentStatements.Watch(api.Factory);
            await reader.GetJsonAsync(url);
            await reader.GetJsonAsync(url);

            var texts = sent.Take();
            if (byHand)
            {
                // The bearer check may read the user again (UserSessionCache keeps it a few seconds): not the list's.
                var lists = texts.Where(t => t.Contains("\"customer", StringComparison.Ordinal) || t.Contains("\"tag_counters\"", StringComparison.Ordinal)).ToList();
                Assert.True(lists.Count == 0, $"sent through EF:\n{string.Join("\n---\n", lists)}");
                continue;
            }

            Assert.NotEmpty(texts);
            var builtAgain = texts.GroupBy(t => t).Where(g => g.Distinct(ReferenceEqualityComparer.Instance).Count() > 1).Select(g => g.Key).ToList();
            Assert.True(builtAgain.Count == 0, $"built again on every call:\n{string.Join("\n---\n", builtAgain)}");
        }
    }
}
