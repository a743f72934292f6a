using Spectre.Console;

namespace Hanan.Ops.Cli.Tests;

/// <summary>Runs <c>hanan</c> in process with a plain-text console and a controlled environment.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var code = await HananCli.RunAsync(args, console, name => environment?.GetValueOrDefault(name));
        return (code, writer.ToString());
    }

    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(null, args);
}
