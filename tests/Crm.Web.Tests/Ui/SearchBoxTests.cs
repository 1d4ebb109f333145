using Bunit;
using Crm.Web.Components.Shared;

namespace Crm.Web.Tests.Ui;

/// <summary>Search as you type: one search once typing pauses, not one per keystroke.</summary>
public sealed class SearchBoxTests : UiComponentContext
{
    [Fact]
    public void Typing_quickly_raises_one_change_with_the_final_text()
    {
        var raised = new List<string?>();
        var cut = Render<SearchBox>(p => p
            .Add(c => c.DelayMilliseconds, 80)
            .Add(c => c.ValueChanged, (string? v) => raised.Add(v)));

        var input = cut.Find("input");
        input.Input("鼎");
        input.Input("鼎盛");
        cut.WaitForAssertion(() => Assert.Equal(["鼎盛"], raised), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Enter_searches_at_once()
    {
        var raised = new List<string?>();
        var cut = Render<SearchBox>(p => p
            .Add(c => c.DelayMilliseconds, 10_000)
            .Add(c => c.ValueChanged, (string? v) => raised.Add(v)));

        cut.Find("input").Input("精密");
        cut.Find("input").KeyDown("Enter");
        Assert.Equal(["精密"], raised);
    }

    [Fact]
    public void Clearing_raises_null()
    {
        var raised = new List<string?>();
        var cut = Render<SearchBox>(p => p
            .Add(c => c.Value, "精密")
            .Add(c => c.ValueChanged, (string? v) => raised.Add(v)));

        cut.Find(".crm-search-clear").Click();
        Assert.Equal([null], raised);
        Assert.Empty(cut.FindAll(".crm-search-clear"));
    }

    [Fact]
    public void A_new_value_from_the_url_replaces_the_text()
    {
        var cut = Render<SearchBox>(p => p.Add(c => c.Value, "上海"));
        Assert.Equal("上海", cut.Find("input").GetAttribute("value"));
        cut.Render(p => p.Add(c => c.Value, "苏州"));
        Assert.Equal("苏州", cut.Find("input").GetAttribute("value"));
    }
}
