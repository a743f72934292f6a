using Hanan.Ops.Cli;
using Spectre.Console;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await HananCli.RunAsync(args, AnsiConsole.Console, environment: null, cancel.Token);
