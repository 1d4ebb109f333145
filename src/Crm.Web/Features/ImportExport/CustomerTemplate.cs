using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Tags;

namespace Crm.Web.Features.ImportExport;

/// <summary>The customer import template: the sheet's columns with drop-downs and an example, and the 填写说明 sheet.</summary>
public static class CustomerTemplate
{
    public const string SheetName = "客户";
    public const string NotesSheetName = "填写说明";

    public static byte[] Write(string ownerUsername)
    {
        var examples = new Dictionary<string, string>
        {
            ["name"] = "上海精密机械有限公司",
            ["short_name"] = "上海精密",
            ["customer_type"] = Messages.Chinese("CustomerType_enterprise"),
            ["industry"] = "电子制造",
            ["scale"] = "中型",
            ["address"] = "上海市浦东新区张江路100号",
            ["website"] = "https://www.example.cn",
            ["established_date"] = "2015-06-01",
            ["credit_limit"] = "200000",
            ["payment_terms"] = "月结30天",
            ["account_period"] = "30",
            ["customer_source"] = "展会",
            [CustomerSheet.Owner] = ownerUsername,
            ["status"] = Messages.Chinese("Status_prospect"),
            ["annual_revenue"] = "800000.00",
            ["cooperation_years"] = "2",
            [CustomerSheet.Tags] = "重点客户、长期合作",
        };
        var choices = new Dictionary<string, IReadOnlyList<string>>
        {
            ["customer_type"] = Labels<CustomerType>("CustomerType_"),
            ["status"] = Labels<CustomerStatus>("Status_"),
            ["scale"] = CustomerRules.SuggestedScales,
        };
        var columns = CustomerSheet.Columns
            .Select(c => new ImportTemplate.Column(c.Header, c.Required, choices.GetValueOrDefault(c.Field), examples.GetValueOrDefault(c.Field), Width(c.Field)))
            .ToList();
        return ImportTemplate.Write(SheetName, columns, NotesSheetName, Notes());
    }

    private static double Width(string field) => field switch
    {
        "name" or "address" => 32,
        "website" or CustomerSheet.Tags => 24,
        _ => 14,
    };

    private static List<string> Labels<T>(string prefix)
        where T : struct, Enum => [.. EnumText<T>.Names.Select(n => Messages.Chinese(prefix + n))];

    private static string Choices<T>(string prefix)
        where T : struct, Enum => string.Join("；", EnumText<T>.Names.Select(n => $"{Messages.Chinese(prefix + n)}（{n}）"));

    private static List<IReadOnlyList<string>> Notes() =>
    [
        ["列", "必填", "填写说明"],
        [Header("customer_code"), "否", $"留空则自动生成（CUS + 日期 + 序号）；手工填写时只能包含字母、数字、- 和 _，最长 {CustomerCode.MaxLength} 位，不区分大小写且不可重复；已存在的编号视为重复客户"],
        [Header("name"), "是", $"1–{CustomerRules.NameMax} 个字；按编号或名称（去除首尾空格、全角转半角后完全相同）判断重复"],
        [Header("short_name"), "否", $"最多 {CustomerRules.ShortNameMax} 个字"],
        [Header("customer_type"), "否", "可选值：" + Choices<CustomerType>("CustomerType_") + "；留空为企业"],
        [Header("industry"), "否", $"最多 {CustomerRules.IndustryMax} 个字，如 电子制造、汽车、医疗"],
        [Header("scale"), "否", $"建议：{string.Join("、", CustomerRules.SuggestedScales)}；也可填写其他文字，最多 {CustomerRules.ScaleMax} 个字"],
        [Header("address"), "否", $"最多 {CustomerRules.AddressMax} 个字"],
        [Header("website"), "否", "以 http:// 或 https:// 开头的网址"],
        [Header("established_date"), "否", "日期，格式 yyyy-MM-dd（如 2015-06-01），也可以是 Excel 日期；不能晚于今天"],
        [Header("credit_limit"), "否", "金额，单位 元，最多 2 位小数，不小于 0；可写 1,200.50 或 1200元"],
        [Header("payment_terms"), "否", $"最多 {CustomerRules.PaymentTermsMax} 个字，如 月结30天"],
        [Header("account_period"), "否", $"整数，0–{CustomerRules.AccountPeriodMax}"],
        [Header("customer_source"), "否", $"最多 {CustomerRules.SourceMax} 个字，如 展会、网络、转介绍"],
        [Header(CustomerSheet.Owner), "否", "负责销售的用户名（登录名）；留空为导入人。销售人员只能填写自己"],
        [Header("status"), "否", "可选值：" + Choices<CustomerStatus>("Status_")],
        [Header("annual_revenue"), "否", "金额，单位 元，最多 2 位小数，不小于 0；与客户状态、合作年限一起决定客户等级（系统自动计算）"],
        [Header("cooperation_years"), "否", $"整数，0–{CustomerRules.CooperationYearsMax}"],
        [Header(CustomerSheet.Tags), "否", $"多个标签用 , ， 或 、 分隔；每个最多 {TagRules.NameMax} 个字；预置标签：{string.Join("、", TagRules.Predefined)}"],
        ["", "", ""],
        ["规则", "", $"第 1 行为表头，请勿修改；数据从第 2 行开始（示例行可直接修改或删除）。一次最多 {SpreadsheetUpload.MaxRows:N0} 行、{SpreadsheetUpload.MaxBytes / 1024 / 1024} MB。"],
        ["规则", "", "只要有一行出错，整个文件都不会导入；请先“试导入”，按错误报告修改后再确认导入。单元格不能含公式，工作簿不能有隐藏的工作表。"],
        ["规则", "", "重复客户的处理方式可选：跳过、更新（只更新非空单元格）或报错。"],
    ];

    private static string Header(string field) => CustomerSheet.Columns.First(c => c.Field == field).Header;
}
