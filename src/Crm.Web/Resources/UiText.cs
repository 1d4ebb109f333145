[assembly: System.Resources.NeutralResourcesLanguage("zh-CN")]

namespace Crm.Web.Resources;

/// <summary>
/// Marker for the UI's texts: Resources/UiText.resx (Chinese, the neutral culture) and UiText.en.resx.
/// Domain messages and field labels come from Crm.Domain's Messages, so the UI and the API say the same thing.
/// </summary>
public sealed class UiText;
