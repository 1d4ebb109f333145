using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Data;
using Crm.Web.Data.Search;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Customers;

/// <summary>Creates a customer: validates, grades, assigns the owner (default: the creator) and the code.</summary>
public sealed class CreateCustomer(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, BusinessTime time)
{
    public async Task<CustomerDto> HandleAsync(Actor actor, CustomerInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = time.Today(now);
        var errors = new ValidationErrors();
        var customer = CustomerFields.New(actor, now.UtcDateTime);

        var manualCode = input.CustomerCode.IsSet ? CustomerRules.ManualCode(input.CustomerCode.Value, errors) : null;
        CustomerFields.Apply(customer, input, creating: true, today, errors);

        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        customer.SalesOwnerId = await CustomerOwners.ResolveAsync(db, actor, input.SalesOwnerId, currentOwnerId: null, errors, ct);
        errors.ThrowIfAny();

        if (manualCode is not null)
        {
            customer.CustomerCode = manualCode;
            customer.CustomerCodeKey = CustomerCode.Normalize(manualCode);
            customer.SearchText = CustomerSearch.TextOf(customer.Name, customer.ShortName, customer.CustomerCode);
            if (await db.Customers.AnyAsync(c => c.CustomerCodeKey == customer.CustomerCodeKey, ct))
            {
                throw ValidationErrors.Failure("customer_code", Messages.CodeExists);
            }
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

        return await db.ReadDtoAsync(actor, customer.Id, time, ct);
    }
}
