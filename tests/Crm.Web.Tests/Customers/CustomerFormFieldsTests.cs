using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bunit;
using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Features.Customers;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// The form shows the use case's own messages next to each field: the very messages the API returns for the
/// same input (the UI never validates on its own).
/// </summary>
[Collection("api")]
public sealed class CustomerFormFieldsTests(ApiFixture api) : UiComponentContext
{
    [Fact]
    public async Task Handler_messages_appear_next_to_their_fields_and_match_the_api()
    {
        var form = new CustomerForm { Name = "  ", Website = "ftp://example.com", AccountPeriod = 5000, CreditLimit = 1.234m };

        // The UI path: the same handler the page injects.
        IReadOnlyDictionary<string, string[]> errors;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var create = scope.ServiceProvider.GetRequiredService<CreateCustomer>();
            var failure = await Assert.ThrowsAsync<DomainValidationException>(() =>
                create.HandleAsync(new Actor(api.AdminId, UserRole.Admin, "admin"), form.ToInput(null), CancellationToken.None));
            errors = failure.Errors.ToDictionary();
        }

        // The API path with the same values.
        var response = await api.Admin.PostAsJsonAsync("/api/v1/sales/customers", new { name = "  ", website = "ftp://example.com", account_period = 5000, credit_limit = 1.234m });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var apiErrors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(apiErrors.Select(e => e.Key).Order(), errors.Keys.Order());
        foreach (var (field, messages) in errors)
        {
            Assert.Equal(apiErrors[field]!.AsArray().Select(m => m!.GetValue<string>()), messages);
        }

        var cut = Render<CustomerFormFields>(p => p
            .Add(c => c.Form, form)
            .Add(c => c.Errors, errors)
            .Add(c => c.IsNew, true));

        foreach (var (field, messages) in errors)
        {
            var item = cut.Find($"[data-testid=field-{field}]").Closest(".ant-form-item")!;
            Assert.Contains("ant-form-item-has-error", item.ClassName, StringComparison.Ordinal);
            Assert.Contains(messages[0], WebUtility.HtmlDecode(item.TextContent), StringComparison.Ordinal);
        }

        // A field without an error shows its hint, not an error.
        var shortName = cut.Find("[data-testid=field-short_name]").Closest(".ant-form-item")!;
        Assert.DoesNotContain("ant-form-item-has-error", shortName.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void The_code_is_read_only_when_editing_and_the_grade_shows_its_rule()
    {
        var cut = Render<CustomerFormFields>(p => p
            .Add(c => c.Form, CustomerForm.From(CustomerFormTests.Sample()))
            .Add(c => c.IsNew, false)
            .Add(c => c.SavedGrade, "B"));

        Assert.True(cut.Find("[data-testid=field-customer_code] input").HasAttribute("disabled"));
        Assert.Contains("客户编号创建后不可修改", WebUtility.HtmlDecode(cut.Markup), StringComparison.Ordinal);
        Assert.Equal("B", cut.Find("[data-testid=field-grade] [data-testid=grade]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=grade-rule]"));
    }
}
