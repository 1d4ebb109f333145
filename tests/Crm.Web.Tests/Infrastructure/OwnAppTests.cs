namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// Tests that need an app set up their own way — usually a <see cref="CappedCountFactory"/>, whose caps, selectivity and
/// sample sizes are small enough for a few dozen records to cross them. Each test starts its app and stops it after.
/// </summary>
public abstract class OwnAppTests : IAsyncLifetime
{
    private ApiFixture? _api;

    /// <summary>The app of the running test.</summary>
    protected ApiFixture Api => _api ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _api = new ApiFixture(CreateFactory());
        await _api.InitializeAsync();
    }

    public Task DisposeAsync() => _api?.DisposeAsync() ?? Task.CompletedTask;

    /// <summary>The app this class's tests run against.</summary>
    private protected abstract CrmAppFactory CreateFactory();
}
