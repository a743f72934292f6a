using System.Globalization;
using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;
using Hanan.Ops.Domain.Cameras.Simulation;
using Hanan.Ops.Grains;
using Hanan.Ops.Grains.Cameras;
using Hanan.Ops.Storage.Cameras;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// Validates a batch of recognition events one by one and takes the good ones: stored in the sighting store, then
/// handed to the vehicle grains (which apply them to their records and raise what they reveal) and counted by the
/// camera grains; persons of interest raise alerts. A bad event is reported by index and never stops the others.
/// The sighting store's write completes before the answer, so a 2xx means stored; the vehicles checkpoint their
/// records later and rebuild from that store after a crash.
/// </summary>
public sealed class CameraIngest(
    CameraNetwork network,
    ISightingStore store,
    PlateDirectory plates,
    IGrainFactory grains,
    VehicleKeys vehicles,
    DistrictClock clock,
    IOptions<CameraOptions> options)
{
    public const int MaxBatch = 1000;

    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    private long _learnedRulesVersion = -1;

    public async Task<CameraEventBatchResult> IngestAsync(IReadOnlyList<CameraEventRequest?> events, CancellationToken cancellationToken = default)
    {
        // Wanted plates are known plates for fuzzy matching from the start, also after a restart.
        var rules = await grains.GetGrain<ISecurityRulesGrain>(0).GetRules();
        if (Interlocked.Exchange(ref _learnedRulesVersion, rules.Version) != rules.Version)
        {
            plates.Learn(rules.WantedPlates.Select(w => LicencePlate.TryParse(w.Plate, out var p, out _) ? p : null).OfType<LicencePlate>());
        }

        var results = new CameraEventResult?[events.Count];
        var reads = new List<(int Index, PlateSighting Read)>();
        var faces = new List<(int Index, FaceEvent Face)>();
        for (var i = 0; i < events.Count; i++)
        {
            var (read, face, errors) = Validate(events[i]);
            if (errors.Count > 0)
            {
                results[i] = new CameraEventResult(i, "rejected", null, errors);
            }
            else if (read is not null)
            {
                reads.Add((i, read));
            }
            else
            {
                faces.Add((i, face!));
            }
        }

        var newReads = await store.AppendReadsAsync([.. reads.Select(r => r.Read)], cancellationToken);
        var newFaces = await store.AppendFacesAsync([.. faces.Select(f => f.Face)], cancellationToken);

        // Every valid read goes to its vehicle, new or not: the vehicle dedupes, and a retry after a failure between
        // the store and the grain still reaches it.
        await Task.WhenAll(reads.GroupBy(r => r.Read.Plate, StringComparer.Ordinal).Select(g =>
            vehicles.Grain(grains, g.Key).Record(g.Key, [.. g.Select(r => PlateRead.From(r.Read))])));
        await RaisePersonAlerts(faces.Where((_, i) => newFaces[i]).Select(f => f.Face), rules.ToWatchlist());
        await Task.WhenAll(reads.Where((_, i) => newReads[i]).Select(r => (r.Read.CameraId, r.Read.Confidence))
            .Concat(faces.Where((_, i) => newFaces[i]).Select(f => (f.Face.CameraId, f.Face.Confidence)))
            .GroupBy(x => x.CameraId, StringComparer.Ordinal)
            .Select(g => grains.GetGrain<ICameraGrain>(g.Key).Recognised(g.Count(), g.Sum(x => x.Confidence))));

        plates.Learn(reads.Where(r => r.Read.Confidence >= options.Value.FuzzyBelow).Select(r => LicencePlate.Parse(r.Read.Plate)));

        for (var i = 0; i < reads.Count; i++)
        {
            results[reads[i].Index] = new CameraEventResult(reads[i].Index, newReads[i] ? "accepted" : "duplicate", reads[i].Read.Fuzzy, null);
        }

        for (var i = 0; i < faces.Count; i++)
        {
            results[faces[i].Index] = new CameraEventResult(faces[i].Index, newFaces[i] ? "accepted" : "duplicate", null, null);
        }

        var all = results.Select(r => r!).ToList();
        return new CameraEventBatchResult(all.Count(r => r.Status == "accepted"), all.Count(r => r.Status == "duplicate"), all.Count(r => r.Status == "rejected"), all);
    }

    private async Task RaisePersonAlerts(IEnumerable<FaceEvent> faces, Watchlist watchlist)
    {
        var hits = faces.Where(f => f.PersonRef is not null).ToList();
        if (hits.Count == 0)
        {
            return;
        }

        var board = grains.GetGrain<IAlertBoardGrain>(0);
        foreach (var face in hits)
        {
            if (watchlist.Person(face.PersonRef) is not { } person)
            {
                continue;
            }

            var site = network.Find(face.CameraId)!;
            var now = clock.Now;
            await board.Raise(new CameraAlert(
                AlertLifecycle.IdFor(AlertKind.PersonOfInterest, person.PersonRef, face.CameraId, face.At),
                AlertKind.PersonOfInterest, now, face.CameraId, site.Latitude, site.Longitude, site.GridCode, null, person.PersonRef, null,
                $"布控人员 {person.PersonRef} 出现在{site.Intersection}",
                AlertStatus.New, [new AlertStep(AlertStatus.New, now, "system", null)], null,
                string.Create(CultureInfo.InvariantCulture, $"{person.Reason}，相似度 {face.Confidence:0.00}")));
        }
    }

    private (PlateSighting? Read, FaceEvent? Face, Dictionary<string, string[]> Errors) Validate(CameraEventRequest? e)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [message];
        if (e is null)
        {
            Fail("event", "The event is empty.");
            return (null, null, errors);
        }

        var type = e.Type?.Trim().ToLowerInvariant();
        if (type is not ("plate" or "face"))
        {
            Fail("type", "The type is plate or face.");
        }

        CameraSite? site = null;
        if (!CameraId.TryParseCamera(e.CameraId, out var id, out var idError))
        {
            Fail("cameraId", idError!);
        }
        else if ((site = network.Find(id!.Value)) is null)
        {
            Fail("cameraId", $"{id.Value} is not a camera of the district's network (GET /api/cameras).");
        }

        var now = clock.Now;
        if (e.At is not { } at)
        {
            Fail("at", "The instant of the recognition is required (ISO 8601 with offset).");
        }
        else if (at > now + FutureTolerance)
        {
            Fail("at", "The instant lies more than 5 minutes in the future: check the box's clock.");
        }
        else if (at < now - (type == "face" ? options.Value.FaceRetention : options.Value.PlateRetention))
        {
            Fail("at", "The instant is older than the retention period; the event is not kept.");
        }

        if (e.Confidence is not { } confidence || !double.IsFinite(confidence) || confidence is < 0 or > 1)
        {
            Fail("confidence", "A confidence between 0 and 1 is required.");
        }

        CheckLength(Fail, "eventId", e.EventId, 128);
        CheckLength(Fail, "snapshotRef", e.SnapshotRef, 512);
        if (type == "face")
        {
            CheckLength(Fail, "personRef", e.PersonRef, 64);
            CheckLength(Fail, "featureId", e.FeatureId, 128);
            if (string.IsNullOrWhiteSpace(e.PersonRef) == string.IsNullOrWhiteSpace(e.FeatureId))
            {
                Fail("personRef", "A face event names either a watchlist person (personRef) or an anonymous feature id (featureId), not both and not neither.");
            }

            return errors.Count > 0
                ? (null, null, errors)
                : (null, new FaceEvent(Blank(e.EventId), site!.Id.Value, e.At!.Value, e.Confidence!.Value, Blank(e.PersonRef), Blank(e.FeatureId), site.Latitude, site.Longitude, Blank(e.SnapshotRef)), errors);
        }

        CheckLength(Fail, "vehicleType", e.VehicleType, 32);
        CheckLength(Fail, "direction", e.Direction, 32);
        var colour = PlateColour.Unknown;
        if (e.Colour is not null && !PlateColours.TryParse(e.Colour, out colour))
        {
            Fail("colour", "The plate colour is blue, yellow, white, black, green, yellow-green or unknown (or 蓝 黄 白 黑 绿 黄绿).");
        }

        PlateMatch? match = null;
        if (string.IsNullOrWhiteSpace(e.Plate))
        {
            Fail("plate", "The plate number is required.");
        }
        else if (e.Plate.Length > 16)
        {
            Fail("plate", "A plate number has at most 8 characters besides separators.");
        }
        else if (e.Confidence is { } c && (match = plates.Match(e.Plate, c)) is null)
        {
            Fail("plate", LicencePlate.TryParse(e.Plate, out _, out var plateError) ? "Not a GA 36 plate." : plateError!);
        }

        if (errors.Count > 0 || type != "plate")
        {
            return (null, null, errors);
        }

        return (new PlateSighting(Blank(e.EventId), site!.Id.Value, e.At!.Value, match!.Plate.Value, colour, e.Confidence!.Value,
            site.Latitude, site.Longitude, match.Fuzzy, Blank(e.VehicleType), Blank(e.Direction), Blank(e.SnapshotRef)), null, errors);
    }

    private static void CheckLength(Action<string, string> fail, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            fail(field, $"At most {max} characters.");
        }
        else if (!FreeText.IsClean(value))
        {
            fail(field, "No control characters.");
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
