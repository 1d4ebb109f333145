namespace Crm.Web.Components.Shared;

/// <summary>Each predefined tag keeps one colour everywhere; custom tags share a calm default.</summary>
public static class TagColors
{
    public static string For(string tag) => tag switch
    {
        "重点客户" => "red",
        "战略客户" => "volcano",
        "普通客户" => "blue",
        "流失客户" => "default",
        "高价值客户" => "gold",
        "长期合作" => "green",
        "新客户" => "cyan",
        _ => "geekblue",
    };
}
