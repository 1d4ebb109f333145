using System.Linq.Expressions;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>The columns one customer row needs, read in one query (owner name and contact count included).</summary>
public sealed class CustomerRow
{
    public long Id { get; init; }
    public string CustomerCode { get; init; } = "";
    public string Name { get; init; } = "";
    public string? ShortName { get; init; }
    public CustomerType CustomerType { get; init; }
    public string? Industry { get; init; }
    public string? Scale { get; init; }
    public string? Address { get; init; }
    public string? Website { get; init; }
    public DateOnly? EstablishedDate { get; init; }
    public CustomerLevel CustomerLevel { get; init; }
    public long? CreditLimitFen { get; init; }
    public string? PaymentTerms { get; init; }
    public int? AccountPeriod { get; init; }
    public string? CustomerSource { get; init; }
    public long SalesOwnerId { get; init; }
    public string? SalesOwnerName { get; init; }
    public CustomerStatus? Status { get; init; }
    public long? AnnualRevenueFen { get; init; }
    public int? CooperationYears { get; init; }
    public DateTime? LastFollowUpAt { get; init; }
    public int ContactsCount { get; init; }

    /// <summary>The primary contact's mobile, else landline: the number a card's 拨打 button calls.</summary>
    public string? PrimaryContactPhone { get; init; }

    /// <summary>Tag names in the order they were added: read after the rows by <see cref="CustomerReads.WithTagsAsync"/>.</summary>
    public List<string> Tags { get; private set; } = [];

    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>
    /// The row's columns, flat: a collection in the projection (the tags) made EF build a delegate per row and sort the
    /// joined rows again, half the app's own time on a page (decision 0065). Read the tags with <see cref="CustomerReads.WithTagsAsync"/>.
    /// </summary>
    public static readonly Expression<Func<Customer, CustomerRow>> Projection = c => new CustomerRow
    {
        Id = c.Id,
        CustomerCode = c.CustomerCode,
        Name = c.Name,
        ShortName = c.ShortName,
        CustomerType = c.CustomerType,
        Industry = c.Industry,
        Scale = c.Scale,
        Address = c.Address,
        Website = c.Website,
        EstablishedDate = c.EstablishedDate,
        CustomerLevel = c.CustomerLevel,
        CreditLimitFen = c.CreditLimitFen,
        PaymentTerms = c.PaymentTerms,
        AccountPeriod = c.AccountPeriod,
        CustomerSource = c.CustomerSource,
        SalesOwnerId = c.SalesOwnerId,
        SalesOwnerName = c.SalesOwner!.DisplayName,
        Status = c.Status,
        AnnualRevenueFen = c.AnnualRevenueFen,
        CooperationYears = c.CooperationYears,
        LastFollowUpAt = c.LastFollowUpAt,
        ContactsCount = c.Contacts.Count,
        PrimaryContactPhone = c.Contacts.Where(p => p.IsPrimary).Select(p => p.Mobile ?? p.Phone).FirstOrDefault(),
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        Version = c.Version,
    };

    /// <summary>
    /// A row of <see cref="Projection"/> read by hand, column by column in its order (decision 0085): a list page's
    /// statement runs without EF's materializer, and SQLite's times are read without the general date parser.
    /// </summary>
    public static readonly RowReader<CustomerRow> Reader = new(
        [
            nameof(Id), nameof(CustomerCode), nameof(Name), nameof(ShortName), nameof(CustomerType), nameof(Industry), nameof(Scale),
            nameof(Address), nameof(Website), nameof(EstablishedDate), nameof(CustomerLevel), nameof(CreditLimitFen), nameof(PaymentTerms),
            nameof(AccountPeriod), nameof(CustomerSource), nameof(SalesOwnerId), nameof(SalesOwnerName), nameof(Status), nameof(AnnualRevenueFen),
            nameof(CooperationYears), nameof(LastFollowUpAt), nameof(ContactsCount), nameof(PrimaryContactPhone), nameof(CreatedAt),
            nameof(UpdatedAt), nameof(Version),
        ],
        r => new CustomerRow
        {
            Id = r.GetInt64(0),
            CustomerCode = r.GetString(1),
            Name = r.GetString(2),
            ShortName = DbValues.StringOrNull(r, 3),
            CustomerType = DbValues.Choice<CustomerType>(r, 4),
            Industry = DbValues.StringOrNull(r, 5),
            Scale = DbValues.StringOrNull(r, 6),
            Address = DbValues.StringOrNull(r, 7),
            Website = DbValues.StringOrNull(r, 8),
            EstablishedDate = DbValues.DateOrNull(r, 9),
            CustomerLevel = DbValues.Choice<CustomerLevel>(r, 10),
            CreditLimitFen = DbValues.Int64OrNull(r, 11),
            PaymentTerms = DbValues.StringOrNull(r, 12),
            AccountPeriod = DbValues.Int32OrNull(r, 13),
            CustomerSource = DbValues.StringOrNull(r, 14),
            SalesOwnerId = r.GetInt64(15),
            SalesOwnerName = DbValues.StringOrNull(r, 16),
            Status = DbValues.ChoiceOrNull<CustomerStatus>(r, 17),
            AnnualRevenueFen = DbValues.Int64OrNull(r, 18),
            CooperationYears = DbValues.Int32OrNull(r, 19),
            LastFollowUpAt = DbValues.UtcOrNull(r, 20),
            ContactsCount = r.GetInt32(21),
            PrimaryContactPhone = DbValues.StringOrNull(r, 22),
            CreatedAt = DbValues.Utc(r, 23),
            UpdatedAt = DbValues.Utc(r, 24),
            Version = r.GetInt32(25),
        });

    public CustomerDto ToDto(BusinessTime time) => new(
        Id,
        CustomerCode,
        Name,
        Name,
        ShortName,
        EnumText<CustomerType>.Name(CustomerType),
        Industry,
        Scale,
        Address,
        Website,
        EstablishedDate,
        EnumText<CustomerLevel>.Name(CustomerLevel),
        CreditLimitFen is { } credit ? Money.FromFen(credit) : null,
        PaymentTerms,
        AccountPeriod,
        CustomerSource,
        SalesOwnerId,
        SalesOwnerName,
        Status is { } status ? EnumText<CustomerStatus>.Name(status) : null,
        AnnualRevenueFen is { } revenue ? Money.FromFen(revenue) : null,
        CooperationYears,
        LastFollowUpAt is { } last ? time.ToBusiness(last) : null,
        ContactsCount,
        Tags,
        time.ToBusiness(CreatedAt),
        time.ToBusiness(UpdatedAt),
        Version)
    {
        PrimaryContactPhone = PrimaryContactPhone,
    };
}

internal static class CustomerReads
{
    /// <summary>One customer in the caller's scope, as the API shows it; 404 when missing or not visible.</summary>
    public static async Task<CustomerDto> ReadDtoAsync(this CrmDbContext db, Domain.Users.Actor actor, long id, BusinessTime time, CancellationToken ct)
    {
        var row = await ById(db, id, Domain.Users.Permissions.SeesEverything(actor) ? null : actor.UserId, ct)
            ?? throw new Domain.Common.NotFoundException(Domain.Resources.Messages.CustomerNotFound);
        await WithTagsAsync([row], db, ct);
        return row.ToDto(time);
    }

    /// <summary>
    /// Fills each row's tags, in the order they were added, from one statement over the rows' ids. Written by hand
    /// (decision 0085): the SQL is fixed, and EF's compiled query spent more on its command and reader than the
    /// statement's ~30 µs.
    /// </summary>
    public static async Task<List<CustomerRow>> WithTagsAsync(this List<CustomerRow> rows, CrmDbContext db, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var byCustomer = rows.ToDictionary(r => r.Id);
        await RawSql.ReadAsync(
            db,
            db.IsPostgres ? TagsOfPostgres : TagsOfSqlite,
            reader => byCustomer[reader.GetInt64(0)].Tags.Add(reader.GetString(1)),
            ct,
            ("@ids", db.IsPostgres ? byCustomer.Keys.ToArray() : IdList(byCustomer.Keys)));
        return rows;
    }

    private const string TagsOfPostgres = "SELECT customer_id, tag_name FROM customer_tags WHERE customer_id = ANY(@ids) ORDER BY id";

    // One statement text for any ids (a JSON array), so SQLite prepares it once per connection (decision 0080).
    private const string TagsOfSqlite = "SELECT customer_id, tag_name FROM customer_tags WHERE customer_id IN (SELECT value FROM json_each(@ids)) ORDER BY id";

    private static string IdList(IEnumerable<long> ids) => "[" + string.Join(',', ids) + "]";

    /// <summary>Compiled once: the detail read is the most frequent query, and skips EF's per-call query-cache lookup.</summary>
    private static readonly Func<CrmDbContext, long, long?, CancellationToken, Task<CustomerRow?>> ById =
        EF.CompileAsyncQuery((CrmDbContext db, long id, long? ownerId, CancellationToken ct) =>
            db.Customers.AsNoTracking()
                .Where(c => c.Id == id && (ownerId == null || c.SalesOwnerId == ownerId))
                .Select(CustomerRow.Projection)
                .FirstOrDefault());
}
