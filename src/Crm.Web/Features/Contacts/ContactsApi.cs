using Crm.Domain.Common;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Features.Contacts;

public static class ContactsApi
{
    /// <summary>Documents the body for the OpenAPI page; the endpoints read the JSON field by field.</summary>
    public sealed record ContactRequest(
        string? Name,
        string? Position,
        string? Department,
        string? Mobile,
        string? Phone,
        string? Email,
        string? Wechat,
        DateOnly? Birthday,
        string? Hobbies,
        string? Notes,
        bool? IsPrimary);

    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var ofCustomer = app.MapGroup("/api/v1/sales/customers/{customerId:long}/contacts").WithTags("Contacts").RequireAuthorization();

        ofCustomer.MapPost("/", async Task<Created<ContactDto>> (long customerId, HttpContext http, CreateContact create, BusinessTime time, CancellationToken ct) =>
        {
            var input = await ReadAsync(http, time, ct);
            var contact = await create.HandleAsync(http.User.ToActor(), customerId, input, ct);
            return TypedResults.Created($"/api/v1/sales/contacts/{contact.Id}", contact);
        })
        .Accepts<ContactRequest>("application/json");

        ofCustomer.MapGet("/", async Task<Ok<IReadOnlyList<ContactDto>>> (long customerId, HttpContext http, ListCustomerContacts list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.User.ToActor(), customerId, ct)));

        var contacts = app.MapGroup("/api/v1/sales/contacts").WithTags("Contacts").RequireAuthorization();

        contacts.MapGet("/", async Task<Ok<Paged<ContactDto>>> (HttpContext http, SearchContacts search, CancellationToken ct) =>
            TypedResults.Ok(await search.HandleAsync(http.User.ToActor(), ContactQuery.Parse(http.Request.Query), ct)));

        contacts.MapGet("/birthdays", async Task<Ok<Paged<ContactBirthdayDto>>> (HttpContext http, ContactBirthdays birthdays, CancellationToken ct) =>
            TypedResults.Ok(await birthdays.HandleAsync(http.User.ToActor(), BirthdayQuery.Parse(http.Request.Query), ct)));

        contacts.MapGet("/{id:long}", async Task<Ok<ContactDto>> (long id, HttpContext http, GetContact get, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(http.User.ToActor(), id, ct)));

        contacts.MapPut("/{id:long}", async Task<Ok<ContactDto>> (long id, HttpContext http, UpdateContact update, BusinessTime time, CancellationToken ct) =>
        {
            var input = await ReadAsync(http, time, ct);
            return TypedResults.Ok(await update.HandleAsync(http.User.ToActor(), id, input, ct));
        })
        .Accepts<ContactRequest>("application/json");

        contacts.MapDelete("/{id:long}", async Task<NoContent> (long id, HttpContext http, DeleteContact delete, CancellationToken ct) =>
        {
            await delete.HandleAsync(http.User.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        contacts.MapPost("/{id:long}/set-primary", async Task<Ok<ContactDto>> (long id, HttpContext http, UpdateContact update, CancellationToken ct) =>
            TypedResults.Ok(await update.HandleAsync(http.User.ToActor(), id, UpdateContact.SetPrimary, ct)));

        return app;
    }

    private static async Task<ContactInput> ReadAsync(HttpContext http, BusinessTime time, CancellationToken ct)
    {
        var body = await JsonFields.ReadAsync(http.Request, time, ct);
        var input = new ContactInput
        {
            Name = body.Text("name", "Label_ContactName"),
            Position = body.Text("position", "Label_Position"),
            Department = body.Text("department", "Label_Department"),
            Mobile = body.Text("mobile", "Label_Mobile"),
            Phone = body.Text("phone", "Label_Phone"),
            Email = body.Text("email", "Label_Email"),
            Wechat = body.Text("wechat", "Label_Wechat"),
            Birthday = body.Date("birthday", "Label_Birthday"),
            Hobbies = body.Text("hobbies", "Label_Hobbies"),
            Notes = body.Text("notes", "Label_Notes", TextKind.MultiLine),
            IsPrimary = body.Boolean("is_primary", "Label_IsPrimary"),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
