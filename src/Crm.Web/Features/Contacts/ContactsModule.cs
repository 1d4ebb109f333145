namespace Crm.Web.Features.Contacts;

/// <summary>The Contacts feature (contacts of a customer, the global contact search and birthdays): its use-case handlers, which the API and the pages share, and its endpoints.</summary>
public static class ContactsModule
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddScoped<CreateContact>();
        services.AddScoped<GetContact>();
        services.AddScoped<UpdateContact>();
        services.AddScoped<DeleteContact>();
        services.AddScoped<ListCustomerContacts>();
        services.AddScoped<SearchContacts>();
        services.AddScoped<ContactBirthdays>();
        return services;
    }

    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app) => app.MapContactsApi();
}
