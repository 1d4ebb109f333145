using Crm.Web.Features.Customers;

namespace Crm.Web.Tests.Customers;

/// <summary>The edit form's input and its answer to a stale edit (409): nothing typed is lost.</summary>
public sealed class CustomerFormTests
{
    [Fact]
    public void Create_sends_a_typed_code_but_update_never_sends_the_code()
    {
        var form = new CustomerForm { CustomerCode = "VIP-001", Name = "甲" };
        Assert.True(form.ToInput(original: null).CustomerCode.IsSet);

        var blank = new CustomerForm { CustomerCode = "  ", Name = "甲" };
        Assert.False(blank.ToInput(original: null).CustomerCode.IsSet);

        var dto = Sample();
        var edit = CustomerForm.From(dto);
        var input = edit.ToInput(dto);
        Assert.False(input.CustomerCode.IsSet);
        Assert.Equal(dto.Version, input.Version);
        Assert.False(input.SalesOwnerId.IsSet);
    }

    [Fact]
    public void Rebase_keeps_my_edits_over_the_latest_record_and_names_fields_both_changed()
    {
        var readBefore = CustomerForm.From(Sample());
        var mine = readBefore.Clone();
        mine.ShortName = "我的简称";
        mine.AnnualRevenue = 900_000m;
        var latest = readBefore.Clone();
        latest.Industry = "医疗";
        latest.AnnualRevenue = 700_000m;

        var (merged, both) = CustomerForm.Rebase(mine, readBefore, latest);

        Assert.Equal("我的简称", merged.ShortName);
        Assert.Equal("医疗", merged.Industry);
        Assert.Equal(900_000m, merged.AnnualRevenue);
        Assert.Equal(["annual_revenue"], both);
    }

    [Fact]
    public void The_grade_preview_is_the_domains_rule()
    {
        var form = new CustomerForm { Status = "customer", AnnualRevenue = 1_500_000m, CooperationYears = 4 };
        Assert.Equal(Crm.Domain.Customers.CustomerLevel.A, form.PreviewGrade());
        form.Status = "potential";
        Assert.Equal(Crm.Domain.Customers.CustomerLevel.D, form.PreviewGrade());
    }

    internal static CustomerDto Sample() => new(
        5, "CUS202611300005", "上海精密机械有限公司", "上海精密机械有限公司", null, "enterprise", "机械", null, null, null, null,
        "B", null, null, null, null, 1, "管理员", "customer", 600_000m, 2, null, 0, [], DateTimeOffset.Now, DateTimeOffset.Now, 3);
}
