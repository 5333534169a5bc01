using Gatehouse.Store;

namespace Gatehouse.ControlPlane;

/// <summary>
/// The read-modify-write of one stored document, as every control-plane change of an API is: serialized in this
/// process, checked by version in the store, and done again from a fresh read when another node wrote between the
/// read and the write (AWS's 409 after <see cref="MaxAttempts"/>).
/// </summary>
public sealed class DocumentEditor : IDisposable
{
    public const int MaxAttempts = 5;

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>
    /// Reads an edit with <paramref name="read"/>, applies <paramref name="change"/> and, when <paramref name="changed"/>
    /// says so, writes it with <paramref name="save"/>; returns what the change returned.
    /// </summary>
    public async Task<T> EditAsync<TEdit, T>(Func<CancellationToken, Task<TEdit>> read, Func<TEdit, T> change, Func<TEdit, bool> changed,
        Func<TEdit, CancellationToken, Task> save, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(save);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var edit = await read(cancellationToken).ConfigureAwait(false);
                var result = change(edit);
                if (!changed(edit))
                {
                    return result;
                }

                try
                {
                    await save(edit, cancellationToken).ConfigureAwait(false);
                    return result;
                }
                catch (ConcurrentModificationException) when (attempt < MaxAttempts)
                {
                    // Another node wrote this document between our read and our write: read again and redo the change.
                }
                catch (ConcurrentModificationException)
                {
                    throw AwsException.Conflict("Unable to complete operation due to concurrent modification. Please try again later.");
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
