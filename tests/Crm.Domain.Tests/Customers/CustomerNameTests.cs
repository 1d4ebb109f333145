using Crm.Domain.Customers;

namespace Crm.Domain.Tests.Customers;

public class CustomerNameTests
{
    [Theory]
    [InlineData("上海华创电子有限公司", "上海华创电子有限公司")]
    [InlineData("  上海华创电子有限公司　", "上海华创电子有限公司")]
    [InlineData("ＡＢＣ科技有限公司", "abc科技有限公司")]
    [InlineData("ABC科技有限公司", "abc科技有限公司")]
    [InlineData("华创（上海）有限公司", "华创(上海)有限公司")]
    [InlineData("Acme   Trading\tCo.", "acme trading co.")]
    [InlineData("Ｘ光　科技", "x光 科技")]
    public void Names_that_differ_only_in_width_case_or_spacing_share_a_key(string name, string key) =>
        Assert.Equal(key, CustomerName.DuplicateKey(name));

    [Theory]
    [InlineData("华创电子", "华创")]
    [InlineData("上海华创", "上海 华创")]
    [InlineData("长江实业", "长江实业集团")]
    public void Different_names_keep_different_keys(string a, string b) =>
        Assert.NotEqual(CustomerName.DuplicateKey(a), CustomerName.DuplicateKey(b));

    [Fact]
    public void A_key_never_exceeds_its_column() =>
        Assert.Equal(CustomerName.KeyMax, CustomerName.DuplicateKey(new string('ﷺ', 200)).Length);
}
