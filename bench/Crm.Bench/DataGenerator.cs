using System.Globalization;

namespace Crm.Bench;

/// <summary>
/// Deterministic, realistic-looking data: Chinese company names built from cities, trade names and industries,
/// contacts with valid mobiles and e-mails, tags and follow-ups. The same seed always gives the same rows.
/// </summary>
internal sealed class DataGenerator(int seed)
{
    public static readonly string[] Cities = ["上海", "北京", "深圳", "广州", "苏州", "杭州", "南京", "天津", "重庆", "成都", "武汉", "西安", "宁波", "无锡", "东莞", "佛山", "青岛", "厦门", "合肥", "长沙", "郑州", "济南", "福州", "昆山", "常州"];
    public static readonly string[] TradeNames = ["精密", "华创", "宏达", "鑫源", "恒通", "瑞丰", "博远", "中科", "德力", "永盛", "金鼎", "天成", "汇智", "新元", "东方", "长城", "联合", "科达", "正泰", "海川", "明德", "星河", "启航", "聚信", "嘉禾", "同舟", "远景", "卓越", "兴业", "万邦"];
    public static readonly string[] Businesses = ["机械", "电子", "科技", "贸易", "医疗器械", "汽车零部件", "新材料", "化工", "物流", "软件", "精工", "光电", "自动化", "模具", "包装", "食品", "纺织", "建材", "能源", "环保"];
    public static readonly string[] Suffixes = ["有限公司", "股份有限公司", "制造有限公司", "集团有限公司", "工业有限公司"];
    public static readonly string[] Industries = ["电子制造", "汽车", "医疗", "机械设备", "化工", "物流", "软件", "食品", "纺织", "建材", "能源", "环保"];
    public static readonly string[] Statuses = ["potential", "prospect", "customer", "lost"];
    public static readonly string[] Tags = ["重点客户", "战略客户", "普通客户", "流失客户", "高价值客户", "长期合作", "新客户", "华东区", "展会线索", "待激活"];
    public const string RareTag = "集团总部";
    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    public static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "建华", "志强", "晓东", "海燕"];
    public static readonly string[] Positions = ["采购经理", "总经理", "技术总监", "财务主管", "采购专员", "生产经理", "质量经理", "董事长"];
    public static readonly string[] Departments = ["采购部", "总经办", "技术部", "财务部", "生产部", "质量部"];
    public static readonly string[] Methods = ["phone", "visit", "wechat", "email", "meeting", "other"];
    public static readonly string[] MobilePrefixes = ["138", "139", "150", "151", "186", "187", "135", "136", "177", "199"];

    private readonly Random _random = new(seed);

    public T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    public int Next(int max) => _random.Next(max);

    public double NextDouble() => _random.NextDouble();

    public (string Name, string Short, string Industry) CompanyName()
    {
        var city = Pick(Cities);
        var trade = Pick(TradeNames);
        var business = Pick(Businesses);
        var name = city + trade + business + Pick(Suffixes);
        return (name, trade + business, Pick(Industries));
    }

    public string PersonName() => Pick(Surnames) + Pick(GivenNames);

    public string Mobile() => Pick(MobilePrefixes) + _random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
}
