using Crm.Domain.Common;
using Crm.Domain.Users;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Components.Shared;

/// <summary>
/// Base of the pages: the acting user (the same <see cref="Actor"/> the API builds from a token), the UI texts,
/// a token that ends with the component (<see cref="Lifetime"/>), the one way a form is submitted
/// (<see cref="SubmitAsync"/>) and one place that turns a use case's failure into something a user may read — never
/// an exception's raw text.
/// </summary>
public abstract partial class CrmComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();

    protected CrmComponent() => Lifetime = _lifetime.Token;

    /// <summary>Cancelled when the component leaves the screen: pass it to every use case, so a user who navigates away stops its queries.</summary>
    protected CancellationToken Lifetime { get; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    protected IStringLocalizer<UiText> L { get; set; } = default!;

    [Inject]
    protected NavigationManager Nav { get; set; } = default!;

    [Inject]
    protected AntDesign.IMessageService Toast { get; set; } = default!;

    [Inject]
    private ILogger<CrmComponent> Logger { get; set; } = default!;

    protected async Task<Actor> ActorAsync()
    {
        var state = await (AuthenticationState ?? throw new InvalidOperationException("No authentication state."));
        return state.User.ToActor();
    }

    /// <summary>Domain failures carry a message written for users; anything else is logged and shown generically.</summary>
    protected string Describe(Exception exception)
    {
        switch (exception)
        {
            case DomainValidationException or NotFoundException or ForbiddenException or ConflictException or UnauthorizedException:
                return exception.Message;
            case OperationCanceledException:
                return L["Error_TryAgain"];
            default:
                LogUnexpected(Logger, exception, GetType().Name);
                return L["Error_Unexpected"];
        }
    }

    /// <summary>Runs an action; a failure becomes an error toast. Returns whether it succeeded.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (OperationCanceledException) when (Lifetime.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not NavigationException)
        {
            _ = Toast.ErrorAsync(Describe(ex));
            return false;
        }
    }

    /// <summary>
    /// True while a submission runs (and after one that left the page): submit buttons bind their loading state to
    /// it, and <see cref="SubmitAsync"/> ignores repeats — a double click sends one request.
    /// </summary>
    protected bool Submitting { get; private set; }

    /// <summary>
    /// The key of the form's current submission, sent with creates (the API's <c>Idempotency-Key</c>): a repeat with
    /// the same key returns the first result instead of a second record. It stays the same while attempts fail and
    /// changes after a success, when the form is ready for the next record.
    /// </summary>
    protected string SubmissionKey { get; private set; } = NewSubmissionKey();

    /// <summary>
    /// Submits a form through its use case, the same way on every page: <paramref name="submit"/> runs with
    /// <see cref="Lifetime"/> and returns the success message (null: none). While it runs <see cref="Submitting"/> is
    /// true and further calls return false at once. On success the form's field errors are cleared, the message is
    /// shown as a toast and a new <see cref="SubmissionKey"/> is drawn — unless <paramref name="leavesPage"/>: then
    /// the form stays submitted (the page navigates away). The handler's validation messages go to the fields
    /// (<paramref name="showErrors"/>); <paramref name="handle"/> may take a failure the page shows its own way
    /// (it returns true); any other failure becomes an error toast. Returns whether the use case succeeded.
    /// </summary>
    protected async Task<bool> SubmitAsync(
        Func<CancellationToken, Task<string?>> submit, Action<FieldErrors> showErrors, Func<Exception, bool>? handle = null, bool leavesPage = false)
    {
        if (Submitting)
        {
            return false;
        }

        Submitting = true;
        var succeeded = false;
        try
        {
            var done = await submit(Lifetime);
            succeeded = true;
            showErrors(FieldErrors.None);
            if (done is not null)
            {
                _ = Toast.SuccessAsync(done);
            }

            return true;
        }
        catch (DomainValidationException ex)
        {
            showErrors(FieldErrors.From(ex));
            return false;
        }
        catch (OperationCanceledException) when (Lifetime.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not NavigationException)
        {
            if (handle?.Invoke(ex) != true)
            {
                _ = Toast.ErrorAsync(Describe(ex));
            }

            return false;
        }
        finally
        {
            if (!(succeeded && leavesPage))
            {
                Submitting = false;
            }

            if (succeeded && !leavesPage)
            {
                SubmissionKey = NewSubmissionKey();
            }
        }
    }

    private static string NewSubmissionKey() => "ui-" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Pages that hold more (event handlers, their own token sources) override this and call the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !_lifetime.IsCancellationRequested)
        {
            _lifetime.Cancel();
            _lifetime.Dispose();
        }
    }

    /// <summary>A date-time already in the business zone (as the use cases return it), minutes precision.</summary>
    protected static string Timestamp(DateTimeOffset? value) =>
        value is { } v ? v.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "—";

    protected static string StatusText(string? status) =>
        status is null ? "—" : Crm.Domain.Resources.Messages.Get("Status_" + status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Page}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string page);
}
