using Crm.Web.Data;
using Npgsql;

namespace Crm.Web.Tests;

public sealed class PostgresConnectionTests
{
    [Fact]
    public void Statements_are_prepared_and_pooled_connections_not_reset_unless_configured()
    {
        var builder = new NpgsqlConnectionStringBuilder(DataSetup.PreparePostgres("Host=db;Database=crm;Username=crm"));
        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal("db", builder.Host);
        Assert.Equal("crm", builder.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;NoResetOnClose=false")]
    public void An_explicit_setting_wins(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(DataSetup.PreparePostgres(connectionString));
        Assert.Equal(0, builder.MaxAutoPrepare);
        Assert.False(builder.NoResetOnClose);
    }
}
