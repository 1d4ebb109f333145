using Crm.Domain.Customers;

namespace Crm.Web.Data.Search;

/// <summary>
/// Keyword search over name, short name, code and their pinyin. The result is always exactly the customers whose
/// search text contains the keyword (instr/strpos on the fenced text, see <see cref="SearchText"/>); a trigram
/// index only narrows the candidates first when the keyword is selective enough for that to pay off.
/// </summary>
public static class CustomerSearch
{
    public static string TextOf(string name, string? shortName, string code) =>
        SearchText.Build(name, shortName, code, Pinyin.Of);

    public static Task<Filtered<Customer>> ApplyAsync(CrmDbContext db, Filtered<Customer> customers, string keyword, SearchTuning tuning, PageReach page, CancellationToken ct) =>
        TrigramSearch.ApplyAsync(db, customers, keyword, "customer_search", tuning, page, ct);
}
