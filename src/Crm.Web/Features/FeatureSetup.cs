using Crm.Web.Data;
using Crm.Web.Features.Auth;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Customers;
using Crm.Web.Features.FollowUps;
using Crm.Web.Features.Stats;
using Crm.Web.Features.Tags;
using Crm.Web.Features.Users;
using Crm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Features;

/// <summary>Use-case handlers, registered per feature. The API endpoints and the UI pages resolve the same ones.</summary>
public static class FeatureSetup
{
    public static IServiceCollection AddUsersFeature(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<Login>();
        services.AddScoped<ManageUsers>();
        return services;
    }

    public static IServiceCollection AddCustomersFeature(this IServiceCollection services)
    {
        services.AddScoped<CreateCustomer>();
        services.AddScoped<GetCustomer>();
        services.AddScoped<UpdateCustomer>();
        services.AddScoped<DeleteCustomer>();
        services.AddScoped<SearchCustomers>();
        services.AddScoped<CustomerStats>();
        services.AddScoped<CustomerFilterOptions>();
        return services;
    }

    public static IServiceCollection AddStatsFeature(this IServiceCollection services)
    {
        services.AddScoped<RevenueByLevel>();
        services.AddScoped<NewCustomersByMonth>();
        return services;
    }

    public static IServiceCollection AddContactsFeature(this IServiceCollection services)
    {
        services.AddSingleton<CountCap>();
        services.AddSingleton<Customers.Search.SearchTuning>();
        services.AddScoped<CreateContact>();
        services.AddScoped<GetContact>();
        services.AddScoped<UpdateContact>();
        services.AddScoped<DeleteContact>();
        services.AddScoped<ListCustomerContacts>();
        services.AddScoped<SearchContacts>();
        services.AddScoped<ContactBirthdays>();
        return services;
    }

    public static IServiceCollection AddTagsFeature(this IServiceCollection services)
    {
        services.AddScoped<AddCustomerTag>();
        services.AddScoped<AddCustomerTags>();
        services.AddScoped<ListCustomerTags>();
        services.AddScoped<RemoveCustomerTag>();
        services.AddScoped<BulkTagCustomers>();
        services.AddScoped<TagCatalogue>();
        services.AddScoped<RenameTag>();
        services.AddScoped<DeleteTagEverywhere>();
        return services;
    }

    public static IServiceCollection AddFollowUpsFeature(this IServiceCollection services)
    {
        services.AddScoped<CreateFollowUp>();
        services.AddScoped<GetFollowUp>();
        services.AddScoped<UpdateFollowUp>();
        services.AddScoped<DeleteFollowUp>();
        services.AddScoped<ListCustomerFollowUps>();
        return services;
    }
}
