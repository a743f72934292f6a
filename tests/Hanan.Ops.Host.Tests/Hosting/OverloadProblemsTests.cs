using Hanan.Ops.Host.Hosting;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Hosting;

public sealed class OverloadProblemsTests
{
    [Fact]
    public void A_database_out_of_connections_or_a_timeout_is_overload()
    {
        OverloadProblems.IsOverload(new PostgresException("too many clients", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections)).Should().BeTrue();
        OverloadProblems.IsOverload(new InvalidOperationException("grain call failed", new TimeoutException())).Should().BeTrue();
        OverloadProblems.IsOverload(new NpgsqlException("pool exhausted", new TimeoutException())).Should().BeTrue();
    }

    [Fact]
    public void Other_failures_are_not_overload()
    {
        OverloadProblems.IsOverload(new PostgresException("syntax", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError)).Should().BeFalse();
        OverloadProblems.IsOverload(new InvalidOperationException("bug")).Should().BeFalse();
    }

    [Theory]
    [InlineData("Host=db;Database=hanan", 40, 40)]
    [InlineData("Host=db;Database=hanan;Maximum Pool Size=7", 40, 7)]
    public void A_connection_pool_is_capped_unless_the_operator_set_its_size(string connectionString, int cap, int expected)
    {
        var capped = new NpgsqlConnectionStringBuilder(StorageOptions.WithPoolCap(connectionString, cap));

        capped.MaxPoolSize.Should().Be(expected);
        capped.Database.Should().Be("hanan");
    }
}
