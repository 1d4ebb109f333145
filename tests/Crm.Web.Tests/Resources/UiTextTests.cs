using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Crm.Web.Tests.Resources;

/// <summary>Every UI text the pages ask for exists in Chinese and in English.</summary>
public sealed partial class UiTextTests
{
    private static readonly string WebRoot = Path.Combine(FindRepoRoot(), "src", "Crm.Web");

    [Fact]
    public void Chinese_and_english_resources_have_the_same_keys_and_no_empty_chinese_text()
    {
        var zh = Load("UiText.resx");
        var en = Load("UiText.en.resx");
        Assert.Equal(zh.Keys.Order(), en.Keys.Order());
        Assert.All(zh, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key));
    }

    [Fact]
    public void Every_key_used_by_a_page_exists()
    {
        var zh = Load("UiText.resx");
        var used = Directory.EnumerateFiles(WebRoot, "*.razor", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(WebRoot, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, key => Assert.True(zh.ContainsKey(key), $"missing UI text {key}"));
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(WebRoot, "Resources", file)).Root!.Elements("data")
            .ToDictionary(e => e.Attribute("name")!.Value, e => e.Element("value")!.Value);

    [GeneratedRegex("""L\["([A-Za-z]+_[A-Za-z_]+)"[\],]""")]
    private static partial Regex Key();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crm.slnx")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
