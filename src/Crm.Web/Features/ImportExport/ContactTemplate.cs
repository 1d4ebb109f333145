using Crm.Domain.Contacts;

namespace Crm.Web.Features.ImportExport;

/// <summary>The contact import template: the customer columns, the contact's fields, an example, and 填写说明.</summary>
public static class ContactTemplate
{
    public const string SheetName = "联系人";

    public static byte[] Write()
    {
        var examples = new Dictionary<string, string>
        {
            [ContactSheet.CustomerCode] = "CUS202602150001",
            [ContactSheet.CustomerName] = "上海精密机械有限公司",
            ["name"] = "王海",
            ["position"] = "采购经理",
            ["department"] = "采购部",
            ["mobile"] = "13800138000",
            ["phone"] = "021-88888888",
            ["email"] = "wanghai@example.cn",
            ["wechat"] = "wanghai_sh",
            ["birthday"] = "1985-06-18",
            ["hobbies"] = "羽毛球",
            ["notes"] = "采购决策人",
            ["is_primary"] = ContactSheet.YesNo(true),
        };
        var columns = ContactSheet.Columns
            .Select(c => new ImportTemplate.Column(c.Header, c.Required, c.Field == "is_primary" ? [ContactSheet.YesNo(true), ContactSheet.YesNo(false)] : null, examples.GetValueOrDefault(c.Field), c.Field is "notes" or ContactSheet.CustomerName ? 28 : 14))
            .ToList();
        return ImportTemplate.Write(SheetName, columns, CustomerTemplate.NotesSheetName, Notes());
    }

    private static List<IReadOnlyList<string>> Notes() =>
    [
        ["列", "必填", "填写说明"],
        [Header(ContactSheet.CustomerCode), "二选一", "联系人所属客户的客户编号；填写了编号时按编号查找客户"],
        [Header(ContactSheet.CustomerName), "二选一", "未填写客户编号时，按完全相同的客户名称查找客户（只能是您有权查看的客户）"],
        [Header("name"), "是", $"1–{ContactRules.NameMax} 个字；同一客户下姓名相同视为重复联系人"],
        [Header("position"), "否", $"最多 {ContactRules.PositionMax} 个字"],
        [Header("department"), "否", $"最多 {ContactRules.DepartmentMax} 个字"],
        [Header("mobile"), "否", "11 位大陆手机号（1 开头，第二位 3–9）；+86、空格和横线会自动去除"],
        [Header("phone"), "否", "带区号的座机，如 021-88888888，可带分机号"],
        [Header("email"), "否", $"有效的电子邮箱，最多 {ContactRules.EmailMax} 个字符"],
        [Header("wechat"), "否", $"最多 {ContactRules.WechatMax} 个字"],
        [Header("birthday"), "否", "日期，格式 yyyy-MM-dd，也可以是 Excel 日期；不能晚于今天"],
        [Header("hobbies"), "否", $"最多 {ContactRules.HobbiesMax} 个字"],
        [Header("notes"), "否", $"最多 {ContactRules.NotesMax} 个字"],
        [Header("is_primary"), "否", "是 或 否；每个客户只能有一个主要联系人，设为“是”会替换原来的主要联系人"],
        ["", "", ""],
        ["规则", "", $"第 1 行为表头，请勿修改；一次最多 {SpreadsheetUpload.MaxRows:N0} 行、{SpreadsheetUpload.MaxBytes / 1024 / 1024} MB；只要有一行出错，整个文件都不会导入。"],
    ];

    private static string Header(string field) => ContactSheet.Columns.First(c => c.Field == field).Header;
}
