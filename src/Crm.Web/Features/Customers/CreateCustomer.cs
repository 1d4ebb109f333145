using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>
/// Creates a customer: validates, grades, assigns the owner (default: the creator) and the code. With an idempotency
/// key (the API's Idempotency-Key header, a UI form's submission key) a repeat returns the first attempt's customer.
/// </summary>
public sealed class CreateCustomer(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public const string IdempotencyScope = "customer";

    public Task<CustomerDto> HandleAsync(Actor actor, CustomerInput input, CancellationToken ct) => HandleAsync(actor, input, null, ct);

    /// <summary>Replayed: the key was seen before and the customer is the one its first attempt created.</summary>
    public async Task<CustomerDto> HandleAsync(Actor actor, CustomerInput input, string? idempotencyKey, CancellationToken ct) =>
        (await CreateAsync(actor, input, idempotencyKey, ct)).Customer;

    public async Task<(CustomerDto Customer, bool Replayed)> CreateAsync(Actor actor, CustomerInput input, string? idempotencyKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = time.Today(now);
        var errors = new ValidationErrors();
        var customer = CustomerFields.New(actor, now.UtcDateTime);

        var manualCode = input.CustomerCode.IsSet ? CustomerRules.ManualCode(input.CustomerCode.Value, errors) : null;
        CustomerFields.Apply(customer, input, creating: true, today, errors);

        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        customer.SalesOwnerId = await CustomerOwners.ForCreateAsync(db, actor, input.SalesOwnerId, errors, ct);
        errors.ThrowIfAny();

        if (manualCode is not null)
        {
            customer.CustomerCode = manualCode;
            customer.CustomerCodeKey = CustomerCode.Normalize(manualCode);
            customer.SearchText = CustomerSearch.TextOf(customer.Name, customer.ShortName, customer.CustomerCode);
        }

        var (id, replayed) = await Idempotency.CreateOnceAsync(db, actor.UserId, IdempotencyScope, idempotencyKey, customer.CreatedAt, () => SaveAsync(db, customer, manualCode, today, ct), ct);
        return (await db.ReadDtoAsync(actor, id, time, ct), replayed);
    }

    private static async Task<long> SaveAsync(CrmDbContext db, Customer customer, string? manualCode, DateOnly today, CancellationToken ct)
    {
        if (manualCode is not null && await db.Customers.AnyAsync(c => c.CustomerCodeKey == customer.CustomerCodeKey, ct))
        {
            throw ValidationErrors.Failure("customer_code", Messages.CodeExists);
        }

        db.Customers.Add(customer);
        for (var attempt = 1; ; attempt++)
        {
            if (manualCode is null)
            {
                customer.CustomerCode = await CustomerCodes.NextAsync(db, today, ct);
                customer.CustomerCodeKey = CustomerCode.Normalize(customer.CustomerCode);
                customer.SearchText = CustomerSearch.TextOf(customer.Name, customer.ShortName, customer.CustomerCode);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "customer_code_key"))
            {
                // A hand-typed code won the race for this number; a generated code simply takes the next one.
                if (manualCode is not null || attempt >= 5)
                {
                    throw ValidationErrors.Failure("customer_code", Messages.CodeExists);
                }
            }
        }

        return customer.Id;
    }
}
