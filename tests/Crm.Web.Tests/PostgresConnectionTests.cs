using Crm.Web.Data;
using Npgsql;

namespace Crm.Web.Tests;

public sealed class PostgresConnectionTests
{
    [Fact]
    public void Statements_are_prepared_multiplexed_and_pooled_connections_not_reset_unless_configured()
    {
        var builder = new NpgsqlConnectionStringBuilder(DataSetup.PreparePostgres("Host=db;Database=crm;Username=crm"));
        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.True(builder.Multiplexing);
        Assert.Equal("db", builder.Host);
        Assert.Equal("crm", builder.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Multiplexing=false")]
    [InlineData("Host=db;maxautoprepare=0;NoResetOnClose=false;multiplexing=false")]
    public void An_explicit_setting_wins(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(DataSetup.PreparePostgres(connectionString));
        Assert.Equal(0, builder.MaxAutoPrepare);
        Assert.False(builder.NoResetOnClose);
        Assert.False(builder.Multiplexing);
    }

    [Fact]
    public void Code_that_reads_synchronously_connects_without_multiplexing()
    {
        // Multiplexing refuses synchronous commands and unpooled connections: the key store, exports and backups get this.
        var builder = new NpgsqlConnectionStringBuilder(DataSetup.WithoutMultiplexing(DataSetup.PreparePostgres("Host=db;Database=crm")));
        Assert.False(builder.Multiplexing);
        Assert.Equal(64, builder.MaxAutoPrepare);
    }
}
