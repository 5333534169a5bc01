using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Notifications;

/// <summary>
/// Topics, subscriptions and confirmation tokens in their own SQLite file, <c>{dataDirectory}/sns.db</c> (WAL,
/// <c>synchronous=FULL</c>: a call that returned survives a crash). Each row holds one JSON document; every write is
/// one transaction.
/// </summary>
public sealed class SnsStore
{
    /// <summary>How long a confirmation token stays valid (SNS: three days).</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(3);

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sns_topics (
            arn      TEXT PRIMARY KEY,
            document TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sns_subscriptions (
            arn       TEXT PRIMARY KEY,
            topic_arn TEXT NOT NULL,
            document  TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS sns_subscriptions_by_topic ON sns_subscriptions (topic_arn);
        CREATE TABLE IF NOT EXISTS sns_tokens (
            token        TEXT PRIMARY KEY,
            topic_arn    TEXT NOT NULL,
            subscription TEXT NOT NULL,
            expires      INTEGER NOT NULL
        );
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public SnsStore(string databasePath, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public static SnsStore InDirectory(string dataDirectory, TimeProvider time)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SnsStore(Path.Combine(dataDirectory, "sns.db"), time);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, null, Schema, cancellationToken);
    }

    /// <summary>Stores <paramref name="topic"/> unless a topic with its ARN exists; returns the stored one and whether it is new.</summary>
    public async Task<(SnsTopic Topic, bool Created)> CreateTopicAsync(SnsTopic topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return await InTransactionAsync(async (connection, transaction) =>
        {
            var existing = await ReadOneAsync<SnsTopic>(connection, transaction, "SELECT document FROM sns_topics WHERE arn = $key;", topic.Arn, cancellationToken);
            if (existing is not null)
            {
                return (existing, false);
            }

            await ExecuteAsync(connection, transaction, "INSERT INTO sns_topics (arn, document) VALUES ($key, $document);", cancellationToken,
                ("$key", topic.Arn), ("$document", JsonSerializer.Serialize(topic)));
            return (topic, true);
        }, cancellationToken);
    }

    public async Task<SnsTopic?> GetTopicAsync(string arn, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneAsync<SnsTopic>(connection, null, "SELECT document FROM sns_topics WHERE arn = $key;", arn, cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> to the stored topic; null when there is none.</summary>
    public Task<SnsTopic?> UpdateTopicAsync(string arn, Func<SnsTopic, SnsTopic> change, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var topic = await ReadOneAsync<SnsTopic>(connection, transaction, "SELECT document FROM sns_topics WHERE arn = $key;", arn, cancellationToken);
            if (topic is null)
            {
                return null;
            }

            topic = change(topic);
            await ExecuteAsync(connection, transaction, "UPDATE sns_topics SET document = $document WHERE arn = $key;", cancellationToken,
                ("$key", arn), ("$document", JsonSerializer.Serialize(topic)));
            return topic;
        }, cancellationToken);

    /// <summary>Removes the topic with its subscriptions and tokens; false when there was no such topic.</summary>
    public Task<bool> DeleteTopicAsync(string arn, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM sns_subscriptions WHERE topic_arn = $key;", cancellationToken, ("$key", arn));
            await ExecuteAsync(connection, transaction, "DELETE FROM sns_tokens WHERE topic_arn = $key;", cancellationToken, ("$key", arn));
            return await ExecuteAsync(connection, transaction, "DELETE FROM sns_topics WHERE arn = $key;", cancellationToken, ("$key", arn)) > 0;
        }, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> topics whose ARN sorts after <paramref name="after"/>, in ARN order.</summary>
    public async Task<IReadOnlyList<SnsTopic>> ListTopicsAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadManyAsync<SnsTopic>(connection, null,
            "SELECT document FROM sns_topics WHERE arn > $after ORDER BY arn LIMIT $limit;", cancellationToken, ("$after", after ?? ""), ("$limit", limit));
    }

    /// <summary>
    /// Stores <paramref name="subscription"/> unless its topic already has one with the same protocol and endpoint;
    /// returns the stored one and whether it is new. Null when the topic does not exist.
    /// </summary>
    public Task<(SnsSubscription Subscription, bool Created)?> AddSubscriptionAsync(SnsSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return InTransactionAsync<(SnsSubscription, bool)?>(async (connection, transaction) =>
        {
            if (await ReadOneAsync<SnsTopic>(connection, transaction, "SELECT document FROM sns_topics WHERE arn = $key;", subscription.TopicArn, cancellationToken) is null)
            {
                return null;
            }

            var existing = (await ReadManyAsync<SnsSubscription>(connection, transaction, "SELECT document FROM sns_subscriptions WHERE topic_arn = $topic;", cancellationToken,
                    ("$topic", subscription.TopicArn)))
                .FirstOrDefault(s => s.Protocol == subscription.Protocol && s.Endpoint == subscription.Endpoint);
            if (existing is not null)
            {
                return (existing, false);
            }

            await PutSubscriptionAsync(connection, transaction, subscription, cancellationToken);
            return (subscription, true);
        }, cancellationToken);
    }

    public async Task<SnsSubscription?> GetSubscriptionAsync(string arn, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneAsync<SnsSubscription>(connection, null, "SELECT document FROM sns_subscriptions WHERE arn = $key;", arn, cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> subscriptions (of one topic, or all) whose ARN sorts after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsAsync(string? topicArn, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return topicArn is null
            ? await ReadManyAsync<SnsSubscription>(connection, null, "SELECT document FROM sns_subscriptions WHERE arn > $after ORDER BY arn LIMIT $limit;",
                cancellationToken, ("$after", after ?? ""), ("$limit", limit))
            : await ReadManyAsync<SnsSubscription>(connection, null,
                "SELECT document FROM sns_subscriptions WHERE topic_arn = $topic AND arn > $after ORDER BY arn LIMIT $limit;",
                cancellationToken, ("$topic", topicArn), ("$after", after ?? ""), ("$limit", limit));
    }

    /// <summary>Removes a subscription and counts it on its topic's SubscriptionsDeleted; returns it, or null when there was none.</summary>
    public Task<SnsSubscription?> DeleteSubscriptionAsync(string arn, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var subscription = await ReadOneAsync<SnsSubscription>(connection, transaction, "SELECT document FROM sns_subscriptions WHERE arn = $key;", arn, cancellationToken);
            if (subscription is null)
            {
                return null;
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM sns_subscriptions WHERE arn = $key;", cancellationToken, ("$key", arn));
            var topic = await ReadOneAsync<SnsTopic>(connection, transaction, "SELECT document FROM sns_topics WHERE arn = $key;", subscription.TopicArn, cancellationToken);
            if (topic is not null)
            {
                await ExecuteAsync(connection, transaction, "UPDATE sns_topics SET document = $document WHERE arn = $key;", cancellationToken,
                    ("$key", topic.Arn), ("$document", JsonSerializer.Serialize(topic with { SubscriptionsDeleted = topic.SubscriptionsDeleted + 1 })));
            }

            return subscription;
        }, cancellationToken);

    /// <summary>
    /// A new confirmation token for <paramref name="subscription"/>, valid for <see cref="TokenLifetime"/>. The token
    /// keeps the subscription itself, so that an UnsubscribeConfirmation's SubscribeURL can restore it.
    /// </summary>
    public async Task<string> CreateTokenAsync(SnsSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var now = _time.GetUtcNow();
        await InTransactionAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM sns_tokens WHERE expires < $now;", cancellationToken, ("$now", now.ToUnixTimeSeconds()));
            await ExecuteAsync(connection, transaction,
                "INSERT INTO sns_tokens (token, topic_arn, subscription, expires) VALUES ($token, $topic, $subscription, $expires);", cancellationToken,
                ("$token", token), ("$topic", subscription.TopicArn), ("$subscription", JsonSerializer.Serialize(subscription)),
                ("$expires", (now + TokenLifetime).ToUnixTimeSeconds()));
            return 0;
        }, cancellationToken);
        return token;
    }

    /// <summary>
    /// Confirms the subscription a valid token of <paramref name="topicArn"/> was made for (restoring it when it was
    /// unsubscribed since); null when the token is unknown, expired or for another topic. <paramref name="authenticated"/>:
    /// the call was signed; only then does <paramref name="authenticateOnUnsubscribe"/> count, as on SNS.
    /// </summary>
    public Task<SnsSubscription?> ConfirmAsync(string topicArn, string token, bool authenticated, bool authenticateOnUnsubscribe, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction,
                "SELECT subscription FROM sns_tokens WHERE token = $token AND topic_arn = $topic AND expires >= $now;",
                ("$token", token), ("$topic", topicArn), ("$now", _time.GetUtcNow().ToUnixTimeSeconds()));
            if (await command.ExecuteScalarAsync(cancellationToken) is not string document ||
                await ReadOneAsync<SnsTopic>(connection, transaction, "SELECT document FROM sns_topics WHERE arn = $key;", topicArn, cancellationToken) is null)
            {
                return null;
            }

            var subscription = JsonSerializer.Deserialize<SnsSubscription>(document)!;
            var stored = await ReadOneAsync<SnsSubscription>(connection, transaction, "SELECT document FROM sns_subscriptions WHERE arn = $key;", subscription.Arn, cancellationToken);
            var current = stored ?? subscription;
            var confirmed = current with
            {
                Confirmed = true,
                ConfirmationWasAuthenticated = (current.Confirmed && current.ConfirmationWasAuthenticated) || authenticated,
                AuthenticateOnUnsubscribe = (current.Confirmed && current.AuthenticateOnUnsubscribe) || (authenticated && authenticateOnUnsubscribe),
            };
            await PutSubscriptionAsync(connection, transaction, confirmed, cancellationToken);
            return confirmed;
        }, cancellationToken);

    private static Task PutSubscriptionAsync(SqliteConnection connection, SqliteTransaction transaction, SnsSubscription subscription, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO sns_subscriptions (arn, topic_arn, document) VALUES ($key, $topic, $document) ON CONFLICT (arn) DO UPDATE SET document = excluded.document;",
            cancellationToken, ("$key", subscription.Arn), ("$topic", subscription.TopicArn), ("$document", JsonSerializer.Serialize(subscription)));

    private async Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA synchronous=FULL;", cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T?> ReadOneAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, string key, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = Command(connection, transaction, sql, ("$key", key));
        return await command.ExecuteScalarAsync(cancellationToken) is string document ? JsonSerializer.Deserialize<T>(document) : null;
    }

    private static async Task<List<T>> ReadManyAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(JsonSerializer.Deserialize<T>(reader.GetString(0))!);
        }

        return result;
    }
}
