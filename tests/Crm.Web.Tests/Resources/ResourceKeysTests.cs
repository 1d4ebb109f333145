using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Resources;
using Crm.Domain.Users;
using Crm.Web.Features.Customers;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Resources;

/// <summary>
/// Every text key the code names exists in Chinese and in English: a missing key is not an error at run time, the
/// page just shows the key itself ("Label_Scale"), so this test is what catches it.
/// </summary>
public sealed partial class ResourceKeysTests
{
    private static readonly string Root = RepoPaths.Root;
    private static readonly Texts Messages = Texts.Load(Path.Combine(Root, "src", "Crm.Domain", "Resources"), "Messages");
    private static readonly Texts UiText = Texts.Load(Path.Combine(Root, "src", "Crm.Web", "Resources"), "UiText");

    [Fact]
    public void Every_key_written_in_the_code_exists_in_both_languages()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "Migrations"))
            .Select(f => (Path.GetRelativePath(Root, f), File.ReadAllText(f)))
            .ToList();

        var (uiKeys, messageKeys) = UsedKeys(sources.Select(s => s.Item2));
        Assert.True(uiKeys.Count > 100 && messageKeys.Count > 50, $"found only {uiKeys.Count} UI and {messageKeys.Count} message keys: is the scan broken?");

        var missing = Missing(sources, Messages, UiText);
        Assert.True(missing.Count == 0, "missing texts:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_check_reports_a_key_that_one_language_lacks()
    {
        var messages = new Texts(["Label_Name", "Only_Chinese"], ["Label_Name"]);
        var ui = new Texts(["Nav_Home"], ["Nav_Home"]);
        var source = """
            <span>@L["Nav_Home"] @L["Nav_Gone"]</span>
            Text.Required(value, 50, "name", "Label_Name", errors);
            Text.Optional(value, 50, "scale", "Label_Scale", errors);
            Messages.Format("Only_Chinese", x);
            Messages.Get(flag ? "Label_Name" : "Other_Gone");
            Messages.Get("Status_" + status);
            """;

        var missing = Missing([("Page.razor", source)], messages, ui);

        Assert.Equal(
            [
                "Page.razor: UiText key Nav_Gone (zh, en)",
                "Page.razor: Messages key Label_Scale (zh, en)",
                "Page.razor: Messages key Only_Chinese (en)",
                "Page.razor: Messages key Other_Gone (zh, en)",
            ],
            missing);
    }

    [Fact]
    public void Every_message_property_has_a_text_in_both_languages()
    {
        var properties = typeof(Crm.Domain.Resources.Messages).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(string)).Select(p => p.Name).ToList();
        Assert.NotEmpty(properties);
        Assert.All(properties, name => Assert.Empty(Messages.Lacking(name)));
    }

    /// <summary>Texts built from an enum value's name ("Status_" + status): every value needs one.</summary>
    [Fact]
    public void Every_value_shown_by_its_name_has_a_text_in_both_languages()
    {
        var keys = EnumText<CustomerStatus>.Names.Select(n => "Status_" + n)
            .Concat(EnumText<UserRole>.Names.Select(n => "Role_" + n))
            .Concat(EnumText<CustomerType>.Names.Select(n => "CustomerType_" + n))
            .ToList();
        Assert.All(keys, key => Assert.True(Messages.Lacking(key).Count == 0, $"Messages key {key} missing in {string.Join(", ", Messages.Lacking(key))}"));
        Assert.All(CustomerColumns.All, column => Assert.Empty(UiText.Lacking("Column_" + column)));
        Assert.All(Enum.GetNames<FollowUpDue>(), due => Assert.Empty(UiText.Lacking("List_Due_" + due)));
    }

    /// <summary>The customer form names fields in messages by label: a field without one would show "Label_…".</summary>
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void Every_customer_form_field_has_a_label(string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.All(CustomerForm.Fields, field => Assert.DoesNotContain("Label_", CustomerFormFields.LabelOf(field), StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Keys the code names: L["Key"], Messages.Get/Format("Key"…) (every literal of the first argument), "Label_*" literals.</summary>
    private static (HashSet<string> Ui, HashSet<string> Messages) UsedKeys(IEnumerable<string> sources)
    {
        var ui = new HashSet<string>(StringComparer.Ordinal);
        var messages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            ui.UnionWith(UiKey().Matches(source).Select(m => m.Groups[1].Value));
            foreach (Match call in MessageCall().Matches(source))
            {
                messages.UnionWith(Literals(FirstArgument(source, call.Index + call.Length)));
            }

            messages.UnionWith(LabelLiteral().Matches(source).Select(m => m.Groups[1].Value));
        }

        return (ui, messages);
    }

    private static List<string> Missing(IEnumerable<(string File, string Text)> sources, Texts messages, Texts ui)
    {
        var missing = new List<string>();
        foreach (var (file, text) in sources)
        {
            var (uiKeys, messageKeys) = UsedKeys([text]);
            missing.AddRange(uiKeys.Order(StringComparer.Ordinal).Where(k => ui.Lacking(k).Count > 0)
                .Select(k => $"{file}: UiText key {k} ({string.Join(", ", ui.Lacking(k))})"));
            missing.AddRange(messageKeys.Order(StringComparer.Ordinal).Where(k => messages.Lacking(k).Count > 0)
                .Select(k => $"{file}: Messages key {k} ({string.Join(", ", messages.Lacking(k))})"));
        }

        return missing;
    }

    /// <summary>The text of a call's first argument: up to the first comma or closing parenthesis at its own depth.</summary>
    private static string FirstArgument(string source, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < source.Length; i++)
        {
            var ch = source[i];
            if (ch == '"' && source[i - 1] != '\\')
            {
                inString = !inString;
            }
            else if (inString)
            {
                continue;
            }
            else if (ch is '(' or '[' or '{')
            {
                depth++;
            }
            else if ((ch is ')' or ']' or '}' && depth-- == 0) || (ch == ',' && depth == 0))
            {
                return source[start..i];
            }
        }

        return source[start..];
    }

    /// <summary>Key-shaped string literals, leaving out prefixes that are joined to a value ("Status_" + status).</summary>
    private static IEnumerable<string> Literals(string argument) =>
        KeyLiteral().Matches(argument).Where(m => !m.Groups[2].Success).Select(m => m.Groups[1].Value);

    [GeneratedRegex("""(?<![A-Za-z0-9_])L\[\s*"([A-Za-z][A-Za-z0-9_]*)"\s*[\],]""")]
    private static partial Regex UiKey();

    [GeneratedRegex("""\bMessages\.(?:Get|Format)\(""")]
    private static partial Regex MessageCall();

    [GeneratedRegex(""""(?<![$@])"([A-Za-z][A-Za-z0-9_]*)"(\s*\+)?"""")]
    private static partial Regex KeyLiteral();

    [GeneratedRegex("""(?<![$@])"(Label_[A-Za-z0-9_]+)"(?!\s*\+)""")]
    private static partial Regex LabelLiteral();

    /// <summary>The keys of one resource in Chinese (the neutral .resx) and English (.en.resx).</summary>
    private sealed record Texts(HashSet<string> Chinese, HashSet<string> English)
    {
        public static Texts Load(string folder, string name) => new(Keys(Path.Combine(folder, name + ".resx")), Keys(Path.Combine(folder, name + ".en.resx")));

        public List<string> Lacking(string key)
        {
            var lacking = new List<string>();
            if (!Chinese.Contains(key))
            {
                lacking.Add("zh");
            }

            if (!English.Contains(key))
            {
                lacking.Add("en");
            }

            return lacking;
        }

        private static HashSet<string> Keys(string file) =>
            XDocument.Load(file).Root!.Elements("data").Select(e => e.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);
    }
}
