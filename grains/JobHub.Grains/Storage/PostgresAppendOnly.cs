namespace JobHub.Grains.Storage;

/// <summary>
/// The PostgreSQL statements that make a table append-only: a trigger function that raises for the operation tried,
/// and triggers that call it before every UPDATE or DELETE of a row and before a TRUNCATE. Idempotent (a migration may
/// run them again).
/// </summary>
internal static class PostgresAppendOnly
{
    /// <summary>The statements for <paramref name="table"/>; <paramref name="description"/> names it in the refusal ("the audit log").</summary>
    public static string Triggers(string table, string description) => "\n" + $"""
        CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{description} is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        DROP TRIGGER IF EXISTS {table}_append_only ON {table};
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();
        DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
        CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change();
        """;
}
