using System.CommandLine;
using Hanan.Ops.Storage.Audit;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan audit verify</c>: walks the audit log's hash chain (留痕) and names the first altered, missing, reordered or
/// renumbered record. Exit 0 when intact, 1 when broken.
/// </summary>
internal sealed class AuditCommand(CliContext context) : ICliCommand
{
    public Command Build()
    {
        var verify = new Command("verify", "Check the audit log's hash chain and name the first broken record.");
        verify.SetAction(async (parse, ct) =>
        {
            var result = await AuditVerifyCommand.RunAsync(context.ConnectionString(parse), context.Console.Profile.Out.Writer, ct);
            return result == AuditVerifyCommand.Intact ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return new Command("audit", "The tamper-evident audit log.") { verify };
    }
}
