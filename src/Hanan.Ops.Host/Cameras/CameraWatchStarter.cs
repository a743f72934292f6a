using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Grains.Cameras;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// At start-up, tells every camera of the network that a sign of life is expected from now on
/// (<see cref="ICameraGrain.Expect"/>), so that a camera never heard from is reported offline once its heartbeat timeout
/// has passed, not only one that falls silent after a first heartbeat. Every host does it; the cameras take it once.
/// A failure (the cluster not ready yet) is retried every few seconds and never stops the host.
/// </summary>
internal sealed partial class CameraWatchStarter(
    CameraNetwork network,
    IGrainFactory grains,
    IOptions<CameraOptions> options,
    ILogger<CameraWatchStarter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);

    private readonly TaskCompletionSource _expected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every camera of the network has been told (at once when the watch is off).</summary>
    public Task Expected => _expected.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ExpectFromStart)
        {
            _expected.TrySetResult();
            return;
        }

        var pending = network.Cameras.Select(c => c.Id.Value).ToList();
        for (var attempt = 1; pending.Count > 0 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            Exception? fault = null;
            var failed = await Task.WhenAll(pending.Select(async id =>
            {
                try
                {
                    await grains.GetGrain<ICameraGrain>(id).Expect();
                    return null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    fault = ex;
                    return id;
                }
            }));
            pending = [.. failed.OfType<string>()];
            if (pending.Count > 0)
            {
                LogRetry(logger, fault, pending.Count, attempt);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }

        _expected.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expecting {Count} cameras failed (attempt {Attempt}); retrying shortly")]
    private static partial void LogRetry(ILogger logger, Exception? exception, int count, int attempt);
}
