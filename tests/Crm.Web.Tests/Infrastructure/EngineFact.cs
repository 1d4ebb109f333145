namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// A test about one engine's own failure mode (a SQLite file deleted, a PostgreSQL server stopped): it runs in the
/// suite run of that engine (CRM_TEST_DB) and is reported as skipped in the other one.
/// </summary>
public sealed class EngineFactAttribute : FactAttribute
{
    public EngineFactAttribute(string engine)
    {
        var current = Environment.GetEnvironmentVariable("CRM_TEST_DB") ?? "sqlite";
        if (!current.Equals(engine, StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"runs in the {engine} suite run (CRM_TEST_DB={engine})";
        }
    }
}
