namespace Gatehouse.Store.Sqlite;

/// <summary>The schema as an ordered list of migrations; version N means migrations 1..N have been applied.</summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE apis (
            api_id   TEXT PRIMARY KEY,
            version  INTEGER NOT NULL,
            document TEXT NOT NULL
        );
        CREATE TABLE deployment_snapshots (
            api_id        TEXT NOT NULL,
            deployment_id TEXT NOT NULL,
            snapshot      TEXT NOT NULL,
            PRIMARY KEY (api_id, deployment_id)
        );
        """,
        """
        CREATE TABLE functions (
            name     TEXT PRIMARY KEY,
            version  INTEGER NOT NULL,
            document TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE iam_users (
            user_key TEXT PRIMARY KEY,
            version  INTEGER NOT NULL,
            document TEXT NOT NULL
        );
        CREATE TABLE iam_access_keys (
            access_key_id TEXT PRIMARY KEY,
            user_key      TEXT NOT NULL REFERENCES iam_users (user_key) ON DELETE CASCADE
        );
        CREATE INDEX iam_access_keys_by_user ON iam_access_keys (user_key);
        """,
        """
        CREATE TABLE rest_apis (
            api_id   TEXT PRIMARY KEY,
            version  INTEGER NOT NULL,
            document TEXT NOT NULL
        );
        CREATE TABLE rest_deployment_snapshots (
            api_id        TEXT NOT NULL,
            deployment_id TEXT NOT NULL,
            snapshot      TEXT NOT NULL,
            PRIMARY KEY (api_id, deployment_id)
        );
        """,
    ];
}
