using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Storage.Residents;

/// <summary>Real-name bindings in memory, for the embedded mode; behaves like <see cref="PostgresCitizenBindingStore"/>.</summary>
public sealed class InMemoryCitizenBindingStore : ICitizenBindingStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CitizenBinding> _byAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, CitizenBinding> _byResident = [];
    private readonly List<(string Account, DateTimeOffset At)> _failures = [];

    public Task<CitizenBinding?> ForAccountAsync(string account, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_byAccount.GetValueOrDefault(account));
        }
    }

    public Task<CitizenBinding?> ForResidentAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_byResident.GetValueOrDefault(residentId));
        }
    }

    public Task<bool> TryBindAsync(CitizenBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        lock (_gate)
        {
            if (_byAccount.ContainsKey(binding.Account) || _byResident.ContainsKey(binding.ResidentId))
            {
                return Task.FromResult(false);
            }

            var stored = binding with { BoundAt = Microseconds(binding.BoundAt) };
            _byAccount[binding.Account] = stored;
            _byResident[binding.ResidentId] = stored;
            return Task.FromResult(true);
        }
    }

    public Task<bool> UnbindAsync(string account, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byAccount.Remove(account, out var binding))
            {
                return Task.FromResult(false);
            }

            _byResident.Remove(binding.ResidentId);
            return Task.FromResult(true);
        }
    }

    public Task RecordFailureAsync(string account, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var before = at - ICitizenBindingStore.FailureRetention;
            _failures.RemoveAll(f => f.At < before);
            _failures.Add((account, Microseconds(at)));
        }

        return Task.CompletedTask;
    }

    public Task<int> FailuresSinceAsync(string account, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_failures.Count(f => f.Account == account && f.At >= since));
        }
    }

    /// <summary>PostgreSQL keeps microseconds, in UTC.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
}
