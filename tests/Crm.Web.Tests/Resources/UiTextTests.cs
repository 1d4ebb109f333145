using System.Xml.Linq;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Resources;

/// <summary>The UI texts exist in Chinese and in English alike (keys the code uses: see ResourceKeysTests).</summary>
public sealed class UiTextTests
{
    private static readonly string WebRoot = Path.Combine(RepoPaths.Root, "src", "Crm.Web");

    [Fact]
    public void Chinese_and_english_resources_have_the_same_keys_and_no_empty_chinese_text()
    {
        var zh = Load("UiText.resx");
        var en = Load("UiText.en.resx");
        Assert.Equal(zh.Keys.Order(), en.Keys.Order());
        Assert.All(zh, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key));
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(WebRoot, "Resources", file)).Root!.Elements("data")
            .ToDictionary(e => e.Attribute("name")!.Value, e => e.Element("value")!.Value);
}
