using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>Which engines this run of the store contract covers, stated rather than hidden.</summary>
public sealed class StoreProvidersTests
{
    [Fact]
    public void SQL_Server_tests_run_only_when_a_server_is_given()
    {
        // Without RUNTYPE_TEST_SQLSERVER the T-SQL we ship was parsed and bound (tests/Static.Tests/TSql), never executed.
        var configured = TestDatabase.ServerFor(SqlServerDialect.ProviderName) is not null;
        Assert.Equal(configured, StoreFixture.ProviderNames.Contains(SqlServerDialect.ProviderName));
    }
}
