namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// A test about one engine's own behaviour (a SQLite file deleted, a PostgreSQL server stopped): it runs in the
/// suite run of that engine (CRM_TEST_DB) and is reported as skipped in the other one.
/// </summary>
public sealed class EngineFactAttribute : FactAttribute
{
    public EngineFactAttribute(string engine) => Skip = EngineTest.SkipUnless(engine);
}

/// <summary>The same as <see cref="EngineFactAttribute"/> for a test over several cases.</summary>
public sealed class EngineTheoryAttribute : TheoryAttribute
{
    public EngineTheoryAttribute(string engine) => Skip = EngineTest.SkipUnless(engine);
}

internal static class EngineTest
{
    public static string? SkipUnless(string engine)
    {
        var current = Environment.GetEnvironmentVariable("CRM_TEST_DB") ?? "sqlite";
        return current.Equals(engine, StringComparison.OrdinalIgnoreCase) ? null : $"runs in the {engine} suite run (CRM_TEST_DB={engine})";
    }
}
