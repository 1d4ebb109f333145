using Microsoft.JSInterop;

namespace Crm.Web.Components.Shared;

/// <summary>
/// Hands a file the server made to the browser as a download. The API's file endpoints take a bearer token, never the
/// UI's cookie (decision 0013), so a page calls the same handler and streams the result through its circuit.
/// </summary>
public static class FileDownload
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task SaveAsync(IJSRuntime js, Stream content, string fileName, string contentType, CancellationToken ct)
    {
        using var reference = new DotNetStreamReference(content, leaveOpen: false);
        await js.InvokeVoidAsync("crm.saveFile", ct, fileName, contentType, reference);
    }

    public static Task SaveAsync(IJSRuntime js, byte[] content, string fileName, string contentType, CancellationToken ct) =>
        SaveAsync(js, new MemoryStream(content, writable: false), fileName, contentType, ct);
}
