using System.CommandLine;
using Hanan.Ops.Domain.Geography;
using Spectre.Console;

namespace Hanan.Ops.Cli;

/// <summary>What every command shares: the console, the connection string and the district base map.</summary>
internal sealed class CliContext(IAnsiConsole console, Func<string, string?> environment)
{
    /// <summary>Environment variable with the PostgreSQL connection string.</summary>
    public const string ConnectionVariable = "HANAN_PG";

    /// <summary>The host's configuration key as an environment variable, used when <see cref="ConnectionVariable"/> is unset.</summary>
    public const string HostConnectionVariable = "Hanan__Storage__ConnectionString";

    private DistrictMap? _district;

    public static Option<string?> ConnectionOption { get; } = new("--connection", "-c")
    {
        Description = $"PostgreSQL connection string (default: ${ConnectionVariable}, then ${HostConnectionVariable})",
        Recursive = true,
    };

    public IAnsiConsole Console { get; } = console;

    /// <summary>An environment variable (the process environment, or the tests' stand-in).</summary>
    public string? Variable(string name) => environment(name);

    /// <summary>The connection string from the option or the environment.</summary>
    /// <exception cref="UsageException">None is given.</exception>
    public string ConnectionString(ParseResult parse)
    {
        var value = parse.GetValue(ConnectionOption);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = environment(ConnectionVariable);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            value = environment(HostConnectionVariable);
        }

        return string.IsNullOrWhiteSpace(value)
            ? throw new UsageException($"no database: pass --connection or set {ConnectionVariable}.")
            : value;
    }

    /// <summary>
    /// The district's streets and communities: the seeded demo district the host serves (a real deployment swaps
    /// in imported administrative layers here).
    /// </summary>
    public DistrictMap District()
    {
        if (_district is null)
        {
            Console.Status().Start("生成辖区底图 building the district base map…", _ => _district = DemoDistrict.Generate());
        }

        return _district!;
    }
}
