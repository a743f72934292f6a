using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Host.Cameras;

/// <summary>
/// The plates this host knows (confident reads seen, wanted plates) for fuzzy matching of low-confidence reads.
/// One <see cref="PlateMatcher"/> behind a reader-writer lock.
/// </summary>
public sealed class PlateDirectory(double threshold) : IDisposable
{
    private readonly PlateMatcher _matcher = new(threshold);
    private readonly ReaderWriterLockSlim _lock = new();

    public PlateMatch? Match(string read, double confidence)
    {
        _lock.EnterReadLock();
        try
        {
            return _matcher.Match(read, confidence);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    public void Learn(IEnumerable<LicencePlate> plates)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var plate in plates)
            {
                _matcher.Add(plate);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
