namespace Hanan.Ops.Cli;

/// <summary>Process exit codes of <c>hanan</c>.</summary>
public static class ExitCodes
{
    /// <summary>Done, nothing wrong.</summary>
    public const int Ok = 0;

    /// <summary>The data has problems: a rejected layer, validation findings, grids still over capacity.</summary>
    public const int Problems = 1;

    /// <summary>Bad usage: unknown command or option, missing argument, no connection string, unreadable file name.</summary>
    public const int BadUsage = 2;

    /// <summary>The environment failed: database unreachable, I/O error, cancelled.</summary>
    public const int Failed = 3;
}

/// <summary>Thrown by a command for bad usage it finds after parsing (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
