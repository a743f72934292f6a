using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Audit;

/// <summary>
/// Anchors the audit log's head outside the database: every <see cref="AuditOptions.AnchorInterval"/> when the head
/// has moved, and once more at shutdown, one signed line (<see cref="AuditAnchors"/>) appended to
/// <see cref="AuditOptions.AnchorPath"/>. Also says at start which audit key is in use, and warns when it is a key of
/// this process alone (then nothing is anchored) or when a durable log is not anchored.
/// </summary>
internal sealed partial class AuditAnchoring(
    IAuditStore store, AuditKeyRing keys, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditAnchoring> log) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _host = Environment.MachineName;
    private ChainHead? _anchored;

    private string? Path => string.IsNullOrWhiteSpace(options.Value.AnchorPath) ? null : options.Value.AnchorPath;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (keys.IsEphemeral)
        {
            EphemeralKey(log, keys.Current.KeyId);
        }
        else
        {
            KeyInUse(log, keys.Current.KeyId, keys.KeyIds.Count);
        }

        if (Path is null)
        {
            if (store is not InMemoryAuditStore)
            {
                NoAnchors(log);
            }

            return;
        }

        if (keys.IsEphemeral)
        {
            // Lines signed with a key nobody else has would only ever verify as unknown: no anchors without a real key.
            NotAnchoringWithoutKey(log);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.AnchorInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryAnchorAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Path is not null && !keys.IsEphemeral)
        {
            await TryAnchorAsync(cancellationToken);
        }
    }

    /// <summary>Anchors the head now, unless it is where the last anchor of this host left it (or the log is empty).</summary>
    /// <returns>The anchored head, or null when nothing was written.</returns>
    public async Task<ChainHead?> AnchorAsync(CancellationToken cancellationToken)
    {
        var path = Path ?? throw new InvalidOperationException("Hanan:Audit:AnchorPath is not set.");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var head = await store.HeadAsync(cancellationToken);
            if (head.Sequence == 0 || head == _anchored)
            {
                return null;
            }

            await AuditAnchorFile.AppendAsync(path, _host, AuditAnchors.Line(head, time.GetUtcNow(), _host, keys.Current), cancellationToken);
            _anchored = head;
            return head;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task TryAnchorAsync(CancellationToken cancellationToken)
    {
        try
        {
            await AnchorAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AnchorFailed(log, e);
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No audit key is configured: audit records are keyed with {KeyId}, a key of this process alone; they cannot be verified after a restart or elsewhere. Configure Hanan:Audit:Keys or Hanan:Audit:KeyFile.")]
    private static partial void EphemeralKey(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit records are keyed with audit key {KeyId} ({Count} key ids known for verification).")]
    private static partial void KeyInUse(ILogger logger, string keyId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hanan:Audit:AnchorPath is not set: the audit log's head is not anchored, so a cut-off tail would go unnoticed.")]
    private static partial void NoAnchors(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hanan:Audit:AnchorPath is set but no audit key is configured: the head is not anchored (an anchor signed with a key of this process alone could never be verified).")]
    private static partial void NotAnchoringWithoutKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring the audit log's head failed; it is tried again at the next interval.")]
    private static partial void AnchorFailed(ILogger logger, Exception exception);
}
