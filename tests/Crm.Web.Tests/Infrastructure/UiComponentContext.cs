using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// A bUnit context with what the app's components need: AntDesign, localization, loose JS interop. Every subclass is in
/// the "api" collection: AntDesign's DOM event subscription store is not safe for disposal from parallel tests.
/// </summary>
public abstract class UiComponentContext : BunitContext
{
    protected UiComponentContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLocalization();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Crm.Domain.Common.BusinessTime.For(null));
        Services.AddSingleton<Crm.Domain.Common.BusinessClock>();
        Services.AddAntDesign();

        // AntDesign measures elements in the browser after rendering; there is no browser here, so answer with empty boxes.
        JSInterop.Setup<AntDesign.JsInterop.HtmlElement>(_ => true).SetResult(new AntDesign.JsInterop.HtmlElement());
        JSInterop.Setup<AntDesign.JsInterop.DomRect>(_ => true).SetResult(new AntDesign.JsInterop.DomRect());

        // The grid reads the window size from the browser; render its children only.
        ComponentFactories.Add(new PassThroughFactory(typeof(AntDesign.Row), typeof(AntDesign.Col)));
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
    }
}

/// <summary>Replaces layout-only components by their children.</summary>
internal sealed class PassThroughFactory(params Type[] types) : IComponentFactory
{
    public bool CanCreate(Type componentType) => types.Contains(componentType);

    public Microsoft.AspNetCore.Components.IComponent Create(Type componentType) => new PassThrough();

    private sealed class PassThrough : Microsoft.AspNetCore.Components.IComponent
    {
        private Microsoft.AspNetCore.Components.RenderHandle _handle;

        public void Attach(Microsoft.AspNetCore.Components.RenderHandle renderHandle) => _handle = renderHandle;

        public Task SetParametersAsync(Microsoft.AspNetCore.Components.ParameterView parameters)
        {
            var content = parameters.TryGetValue<Microsoft.AspNetCore.Components.RenderFragment>("ChildContent", out var c) ? c : null;
            _handle.Render(builder => builder.AddContent(0, content));
            return Task.CompletedTask;
        }
    }
}
