using System.Reflection;
using Bunit;
using Crm.Domain.Common;
using Crm.Web.Components.Shared;
using Crm.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Components;

/// <summary>The form kernel every page uses: validation messages on the fields, one toast, and queries that end with the page.</summary>
[Collection("api")]
public sealed class CrmComponentTests : UiComponentContext
{
    private readonly List<(string Kind, string? Text)> _toasts;

    public CrmComponentTests()
    {
        var toast = DispatchProxy.Create<AntDesign.IMessageService, RecordingToast>();
        _toasts = ((RecordingToast)(object)toast).Shown;
        Services.AddSingleton(toast);
    }

    [Fact]
    public async Task Validation_messages_go_next_to_their_fields_without_a_toast()
    {
        var form = Render<FormProbe>().Instance;

        var ok = await form.Submit(_ => throw ValidationErrors.Failure("name", "客户名称不能为空"));

        Assert.False(ok);
        Assert.Equal("客户名称不能为空", form.Errors.Help("name"));
        Assert.Empty(_toasts);
    }

    [Fact]
    public async Task Success_clears_the_field_messages_and_shows_the_success_toast()
    {
        var form = Render<FormProbe>().Instance;
        await form.Submit(_ => throw ValidationErrors.Failure("name", "客户名称不能为空"));

        var ok = await form.Submit(_ => Task.FromResult<string?>("已保存 上海鼎盛"));

        Assert.True(ok);
        Assert.Equal(0, form.Errors.Count);
        Assert.Equal([("SuccessAsync", "已保存 上海鼎盛")], _toasts);
    }

    [Fact]
    public async Task Any_other_failure_is_one_error_toast_a_user_can_read()
    {
        var form = Render<FormProbe>().Instance;

        await form.Submit(_ => throw new NotFoundException("客户不存在"));
        await form.Submit(_ => throw new InvalidOperationException("SQLite Error 19: constraint failed"));

        Assert.Equal("客户不存在", _toasts[0].Text);
        Assert.Equal("ErrorAsync", _toasts[1].Kind);
        Assert.DoesNotContain("SQLite", _toasts[1].Text, StringComparison.Ordinal);
        Assert.Equal(0, form.Errors.Count);
    }

    [Fact]
    public async Task A_page_may_show_a_failure_its_own_way()
    {
        var form = Render<FormProbe>().Instance;

        var ok = await form.Submit(_ => throw new ConflictException("已被他人修改"), ex => ex is ConflictException);

        Assert.False(ok);
        Assert.Empty(_toasts);
    }

    [Fact]
    public async Task Leaving_the_page_cancels_its_running_query_quietly()
    {
        var cut = Render<FormProbe>();
        var form = cut.Instance;
        var started = new TaskCompletionSource();
        var submitting = form.Submit(async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        await started.Task;

        await DisposeComponentsAsync();

        Assert.False(await submitting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(form.Token.IsCancellationRequested);
        Assert.Empty(_toasts);
    }

    [Fact]
    public async Task A_repeat_while_the_first_submission_runs_is_ignored()
    {
        var form = Render<FormProbe>().Instance;
        var release = new TaskCompletionSource<string?>();
        var calls = 0;
        var first = form.Submit(_ =>
        {
            calls++;
            return release.Task;
        });

        Assert.True(form.IsSubmitting);
        Assert.False(await form.Submit(_ =>
        {
            calls++;
            return Task.FromResult<string?>("second");
        }));

        release.SetResult("已保存");
        Assert.True(await first);
        Assert.Equal(1, calls);
        Assert.False(form.IsSubmitting);
        Assert.Equal([("SuccessAsync", "已保存")], _toasts);
    }

    [Fact]
    public async Task The_submission_key_survives_failures_and_changes_after_a_success()
    {
        var form = Render<FormProbe>().Instance;
        var key = form.Key;

        await form.Submit(_ => throw ValidationErrors.Failure("name", "客户名称不能为空"));
        await form.Submit(_ => throw new InvalidOperationException("timeout"));
        Assert.Equal(key, form.Key);

        await form.Submit(_ => Task.FromResult<string?>(null));
        Assert.NotEqual(key, form.Key);
    }

    [Fact]
    public async Task A_submission_that_leaves_the_page_stays_submitted()
    {
        var form = Render<FormProbe>().Instance;
        var key = form.Key;

        Assert.True(await form.Submit(_ => Task.FromResult<string?>(null), leavesPage: true));

        Assert.True(form.IsSubmitting);
        Assert.Equal(key, form.Key);
        Assert.False(await form.Submit(_ => Task.FromResult<string?>("again")));
        Assert.Empty(_toasts);
    }

    /// <summary>A page in miniature: submits through the kernel and keeps the field messages it was given.</summary>
    private sealed class FormProbe : CrmComponent
    {
        public FieldErrors Errors { get; private set; } = FieldErrors.None;

        public CancellationToken Token => Lifetime;

        public bool IsSubmitting => Submitting;

        public string Key => SubmissionKey;

        public Task<bool> Submit(Func<CancellationToken, Task<string?>> submit, Func<Exception, bool>? handle = null, bool leavesPage = false) =>
            SubmitAsync(submit, errors => Errors = errors, handle, leavesPage);
    }
}

/// <summary>Records the toasts a component shows (AntDesign's message service), by method and text.</summary>
public class RecordingToast : DispatchProxy
{
    public List<(string Kind, string? Text)> Shown { get; } = [];

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var text = args is [{ } first, ..] ? first.GetType().GetProperty("Value")?.GetValue(first) as string : null;
        Shown.Add((targetMethod!.Name, text));
        var returns = targetMethod.ReturnType;
        if (returns == typeof(Task))
        {
            return Task.CompletedTask;
        }

        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var result = returns.GenericTypeArguments[0].IsValueType ? Activator.CreateInstance(returns.GenericTypeArguments[0]) : null;
            return typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(returns.GenericTypeArguments[0]).Invoke(null, [result]);
        }

        return returns.IsValueType && returns != typeof(void) ? Activator.CreateInstance(returns) : null;
    }
}
