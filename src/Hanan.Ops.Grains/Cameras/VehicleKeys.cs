using System.Security.Cryptography;
using System.Text;

namespace Hanan.Ops.Grains.Cameras;

/// <summary>
/// The key of a vehicle's grain: a keyed hash of its plate (<c>v-</c> and 32 hex digits), never the plate itself, so
/// the grain id that Orleans writes into its own log lines, its directory and its storage rows names no plate. Every
/// host of a cluster must derive it from the same secret (the district's lookup key).
/// </summary>
public sealed class VehicleKeys
{
    private readonly byte[] _secret;

    public VehicleKeys(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
        {
            throw new ArgumentException("The vehicle key secret is at least 32 bytes.", nameof(secret));
        }

        _secret = [.. secret];
    }

    /// <summary>The grain key of <paramref name="plate"/> (normalised).</summary>
    public string Of(string plate)
    {
        ArgumentException.ThrowIfNullOrEmpty(plate);
        return "v-" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(plate)))[..32];
    }

    /// <summary>The grain of <paramref name="plate"/>'s vehicle.</summary>
    public Contracts.Cameras.IVehicleGrain Grain(IGrainFactory grains, string plate)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<Contracts.Cameras.IVehicleGrain>(Of(plate));
    }
}
