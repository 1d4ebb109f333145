using Bunit;
using Crm.Web.Components.Shared;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Web;

namespace Crm.Web.Tests.Components;

/// <summary>
/// A tag typed and taken with Enter stays in the browser's input until the browser removes it (crm.takeText); input
/// events the browser sent before that still start with it. Typed fast, 年度框架客户 Enter 重点跟进 Enter must take the two
/// tags, never 「年度框架客户重点跟进」 (found by TypedInputTests in CI).
/// </summary>
[Collection("api")]
public sealed class SuggestInputTests : UiComponentContext
{
    private readonly List<string> _taken = [];

    [Fact]
    public void A_tag_typed_while_the_browser_still_shows_the_last_one_is_taken_alone()
    {
        var removing = JSInterop.SetupVoid("crm.takeText", _ => true);
        var cut = Render<SuggestInput>(p => p.Add(c => c.OnChosen, text =>
        {
            _taken.Add(text);
            return Task.FromResult(true);
        }));

        cut.Find("input").Input("年度框架客户");
        _ = cut.Find("input").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        // Sent by the browser before it removed 年度框架客户: its text then.
        cut.Find("input").Input("年度框架客户重");
        cut.Find("input").Input("年度框架客户重点跟进");
        _ = cut.Find("input").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(["年度框架客户", "重点跟进"], _taken);
        removing.SetVoidResult();
        Assert.Equal(["年度框架客户", "重点跟进"], removing.Invocations.Select(i => (string)i.Arguments[1]!));
    }

    [Theory]
    [InlineData("年度框架客户重点", "年度框架客户", "重点")]
    [InlineData("年度框架客户， 重点", "年度框架客户", "重点")]
    [InlineData("年度框架客户", "年度框架客户", "")]
    [InlineData("重点跟进", "年度框架客户", "重点跟进")]
    [InlineData("年度框架", "年度框架客户", "年度框架")]
    [InlineData("重点", "", "重点")]
    public void Without_removes_a_taken_text_at_the_start_and_the_separators_after_it(string text, string taken, string rest) =>
        Assert.Equal(rest, SuggestInput.Without(text, taken));
}
