using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Contracts.Cameras;

/// <summary>One camera, keyed by its 20-digit GB/T 28181 ID: status (heartbeat timeout → offline alert) and live counters.</summary>
[Alias("hanan.cameras.ICameraGrain")]
public interface ICameraGrain : IGrainWithStringKey
{
    [Alias("Heartbeat")]
    Task<CameraStatus> Heartbeat();

    /// <summary>Reads delivered by the camera (counts as a heartbeat too): feeds recognitions per minute and mean confidence.</summary>
    [Alias("Recognised")]
    Task Recognised(int count, double confidenceSum);

    [Alias("GetStatus")]
    Task<CameraStatus> GetStatus();

    /// <summary>
    /// Expects a sign of life from now on (called for every camera of the network at start-up): a camera never heard
    /// from goes offline, with an alert, once the heartbeat timeout has passed. Idempotent; a camera already online, or
    /// already reported offline, is left as it is.
    /// </summary>
    [Alias("Expect")]
    Task Expect();
}

/// <summary>
/// One vehicle: ordered reads, trajectory, clone and fence checks. Keyed by a keyed hash of its normalised plate
/// (<c>VehicleKeys</c>), never the plate itself; every call names the plate, which must be the one the key was made from.
/// </summary>
[Alias("hanan.cameras.IVehicleGrain")]
public interface IVehicleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies the new reads to the vehicle's record (repeats are ignored) and raises what they reveal, before answering.
    /// The caller has appended the reads to the sighting store first: the record is checkpointed behind them and rebuilt
    /// from that log, so a read the vehicle already replayed from the log on activation comes back as a duplicate here.
    /// </summary>
    [Alias("Record")]
    Task<VehicleRecordResult> Record(string plate, IReadOnlyList<PlateRead> reads);

    [Alias("GetReads")]
    Task<IReadOnlyList<PlateRead>> GetReads(string plate, DateTimeOffset from, DateTimeOffset to);

    [Alias("GetProfile")]
    Task<VehicleProfile> GetProfile(string plate);
}

/// <summary>The fences (电子围栏) and watchlists (布控) in force; key 0.</summary>
[Alias("hanan.cameras.ISecurityRulesGrain")]
public interface ISecurityRulesGrain : IGrainWithIntegerKey
{
    [Alias("GetRules")]
    Task<SecurityRules> GetRules();

    [Alias("PutFence")]
    Task<SecurityRules> PutFence(FenceDefinition fence);

    [Alias("RemoveFence")]
    Task<bool> RemoveFence(string fenceId);

    [Alias("PutWantedPlate")]
    Task<SecurityRules> PutWantedPlate(WantedPlateEntry entry);

    [Alias("RemoveWantedPlate")]
    Task<bool> RemoveWantedPlate(string plate);

    [Alias("PutPerson")]
    Task<SecurityRules> PutPerson(PersonEntry entry);

    [Alias("RemovePerson")]
    Task<bool> RemovePerson(string personRef);
}

/// <summary>The alerts of the command centre; key 0. Raising is idempotent by alert id.</summary>
[Alias("hanan.cameras.IAlertBoardGrain")]
public interface IAlertBoardGrain : IGrainWithIntegerKey
{
    /// <summary>Stores a new alert and pushes it to the screens; an id already raised changes nothing. True when new.</summary>
    [Alias("Raise")]
    Task<bool> Raise(CameraAlert alert);

    [Alias("Act")]
    Task<AlertActionResult> Act(Guid alertId, AlertAction action, string actor, string? note);

    /// <summary>Records the case an alert created; refused when the alert already has one.</summary>
    [Alias("LinkCase")]
    Task<AlertActionResult> LinkCase(Guid alertId, Guid caseId, string actor);

    [Alias("Get")]
    Task<CameraAlert?> Get(Guid alertId);

    /// <summary>Newest first, optionally only one status.</summary>
    [Alias("List")]
    Task<IReadOnlyList<CameraAlert>> List(AlertStatus? status, int limit);
}
