using System.Text.Json;
using Gatehouse.Model;
using Gatehouse.Model.Iam;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Store.Sqlite;

/// <summary>IAM users: one document per user, keyed by the lower-cased name, and an index of their access key ids.</summary>
public sealed partial class SqliteConfigStore
{
    public ChangeFeed<IamUserChange> IamUserChanges { get; } = new();

    public async Task<IReadOnlyList<IamUserDocument>> ListIamUsersAsync(CancellationToken cancellationToken) =>
        await ReadDocumentsAsync("SELECT version, document FROM iam_users ORDER BY user_key;", null, ReadIamUser, cancellationToken).ConfigureAwait(false);

    public async Task<IamUserDocument?> GetIamUserAsync(string userName, CancellationToken cancellationToken) =>
        (await ReadDocumentsAsync("SELECT version, document FROM iam_users WHERE user_key = $key;", UserKey(userName), ReadIamUser, cancellationToken)
            .ConfigureAwait(false)).SingleOrDefault();

    public async Task<IamUserDocument?> FindIamUserByAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        (await ReadDocumentsAsync(
            "SELECT u.version, u.document FROM iam_access_keys k JOIN iam_users u ON u.user_key = k.user_key WHERE k.access_key_id = $key;",
            accessKeyId, ReadIamUser, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public async Task<IamUserDocument> SaveIamUserAsync(IamUserDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var saved = document with { Version = document.Version + 1 };
        var userKey = UserKey(document.UserName);

        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = document.Version == 0
                    ? "INSERT OR IGNORE INTO iam_users (user_key, version, document) VALUES ($key, $next, $doc);"
                    : "UPDATE iam_users SET version = $next, document = $doc WHERE user_key = $key AND version = $expected;";
                command.Parameters.AddWithValue("$key", userKey);
                command.Parameters.AddWithValue("$next", saved.Version);
                command.Parameters.AddWithValue("$expected", document.Version);
                command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(saved, ModelJson.Options));
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new ConcurrentModificationException($"IAM user {document.UserName}");
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM iam_access_keys WHERE user_key = $key;";
                command.Parameters.AddWithValue("$key", userKey);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var key in document.AccessKeys)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                // A key id held by another user leaves the row alone and counts 0: the write is refused below.
                command.CommandText = "INSERT OR IGNORE INTO iam_access_keys (access_key_id, user_key) VALUES ($id, $key);";
                command.Parameters.AddWithValue("$id", key.AccessKeyId);
                command.Parameters.AddWithValue("$key", userKey);
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new ConcurrentModificationException($"Access key {key.AccessKeyId}");
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await IamUserChanges.PublishAsync(new IamUserChange(saved.UserName, saved), cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public async Task<bool> DeleteIamUserAsync(string userName, long expectedVersion, CancellationToken cancellationToken)
    {
        int deleted;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM iam_access_keys WHERE user_key = $key AND EXISTS (SELECT 1 FROM iam_users WHERE user_key = $key AND version = $expected);" +
                                  "DELETE FROM iam_users WHERE user_key = $key AND version = $expected;";
            command.Parameters.AddWithValue("$key", UserKey(userName));
            command.Parameters.AddWithValue("$expected", expectedVersion);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var changes = connection.CreateCommand();
            changes.Transaction = transaction;
            changes.CommandText = "SELECT changes();";
            deleted = Convert.ToInt32(await changes.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (deleted > 0)
        {
            await IamUserChanges.PublishAsync(new IamUserChange(userName, null), cancellationToken).ConfigureAwait(false);
        }

        return deleted > 0;
    }

    /// <summary>IAM's user names are unique without regard to case (they are ASCII).</summary>
    private static string UserKey(string userName) => userName.ToLowerInvariant();

    private static IamUserDocument ReadIamUser(long version, string json) =>
        JsonSerializer.Deserialize<IamUserDocument>(json, ModelJson.Options)! with { Version = version };
}
