using System.Globalization;
using Crm.Web.Features.Tags;
using Crm.Web.Resources;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Tests.Tags;

/// <summary>标签管理 says what a rename or delete will do before it touches every customer.</summary>
[Collection("api")]
public sealed class TagAdminTextTests : UiComponentContext
{
    private static readonly IReadOnlyList<TagUsageDto> Catalogue =
    [
        new("重点客户", 12, IsPredefined: true),
        new("新客户", 0, IsPredefined: true),
        new("华东", 5, IsPredefined: false),
        new("华东区", 3, IsPredefined: false),
    ];

    private IStringLocalizer<UiText> L => Services.GetRequiredService<IStringLocalizer<UiText>>();

    [Theory]
    [InlineData("华东", true)]
    [InlineData("  华东  ", true)]
    [InlineData("华东大区", false)]
    [InlineData("华东区", false)]
    [InlineData("新客户", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_rename_merges_only_onto_a_name_some_customer_carries(string? to, bool merge) =>
        Assert.Equal(merge, TagAdminText.IsMerge(Catalogue, "华东区", to));

    [Fact]
    public void Renaming_onto_an_existing_tag_says_it_merges_and_how_many_customers_change()
    {
        var text = TagAdminText.RenameConfirmation(L, Catalogue, Catalogue[3], " 华东 ");

        Assert.Contains("已存在", text, StringComparison.Ordinal);
        Assert.Contains("合并", text, StringComparison.Ordinal);
        Assert.Contains("「华东区」将合并到「华东」", text, StringComparison.Ordinal);
        Assert.Contains("3 位客户", text, StringComparison.Ordinal);
        Assert.Contains("5 位客户", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_rename_does_not_mention_a_merge()
    {
        var text = TagAdminText.RenameConfirmation(L, Catalogue, Catalogue[3], "华东大区");

        Assert.DoesNotContain("合并", text, StringComparison.Ordinal);
        Assert.Contains("「华东区」重命名为「华东大区」", text, StringComparison.Ordinal);
        Assert.Contains("3 位客户", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_says_how_many_customers_lose_the_tag()
    {
        var text = TagAdminText.DeleteConfirmation(L, Catalogue[0]);

        Assert.Contains("「重点客户」", text, StringComparison.Ordinal);
        Assert.Contains("12 位客户将失去此标签", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_confirmations_exist_in_english()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

        Assert.Contains("merged", TagAdminText.RenameConfirmation(L, Catalogue, Catalogue[3], "华东"), StringComparison.Ordinal);
        Assert.Contains("12 customers lose it", TagAdminText.DeleteConfirmation(L, Catalogue[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_count_links_to_the_customer_list_filtered_by_the_tag() =>
        Assert.Equal("/customers?tag=%E9%87%8D%E7%82%B9%E5%AE%A2%E6%88%B7", TagAdminText.CustomersLink("重点客户"));
}
