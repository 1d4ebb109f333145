using Bunit;
using Crm.Web.Components.Shared;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Web.Tests.Components;

/// <summary>Search as you type: one search once typing pauses, not one per keystroke.</summary>
[Collection("api")]
public sealed class SearchBoxTests : UiComponentContext
{
    [Fact]
    public void Typing_quickly_raises_one_change_with_the_final_text_once_typing_pauses()
    {
        var clock = new FakeTimeProvider();
        Services.AddSingleton<TimeProvider>(clock);
        var raised = new List<string?>();
        var cut = Render<SearchBox>(p => p
            .Add(c => c.DelayMilliseconds, 350)
            .Add(c => c.ValueChanged, (string? v) => raised.Add(v)));

        var input = cut.Find("input");
        input.Input("鼎");
        clock.Advance(TimeSpan.FromMilliseconds(300));
        input.Input("鼎盛");
        clock.Advance(TimeSpan.FromMilliseconds(349));
        Assert.Empty(raised);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        cut.WaitForAssertion(() => Assert.Equal(["鼎盛"], raised));
    }

    [Fact]
    public void By_default_a_pause_of_150_ms_after_the_last_keystroke_searches()
    {
        var clock = new FakeTimeProvider();
        Services.AddSingleton<TimeProvider>(clock);
        var raised = new List<string?>();
        var cut = Render<SearchBox>(p => p.Add(c => c.ValueChanged, (string? v) => raised.Add(v)));

        var input = cut.Find("input");
        input.Input("j");
        clock.Advance(TimeSpan.FromMilliseconds(140));
        input.Input("jm");
        clock.Advance(TimeSpan.FromMilliseconds(149));
        Assert.Empty(raised);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        cut.WaitForAssertion(() => Assert.Equal(["jm"], raised));
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
    public void A_new_value_from_the_url_replaces_the_text_and_typing_is_never_written_back()
    {
        var cut = Render<SearchBox>(p => p.Add(c => c.Value, "上海"));
        Assert.Equal(["上海"], Written());
        cut.Render(p => p.Add(c => c.Value, "苏州"));
        Assert.Equal(["上海", "苏州"], Written());

        // What the user types is the browser's: a render must not send it back (it could overwrite newer keystrokes).
        cut.Find("input").Input("苏州工业");
        cut.Render(p => p.Add(c => c.Value, "苏州"));
        Assert.Equal(["上海", "苏州"], Written());
        Assert.Null(cut.Find("input").GetAttribute("value"));
    }

    private List<string> Written() =>
        JSInterop.Invocations.Where(i => i.Identifier == "crm.setValue").Select(i => (string)i.Arguments[1]!).ToList();
}
