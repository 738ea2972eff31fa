namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// Our reminders table and the query rows Orleans' ADO.NET reminder provider runs against it. The grain hash arrives
/// as the signed reinterpretation of the unsigned ring position, and the provider picks the range query by signed
/// order, so ranges compare signed integers: (begin, end] when begin &lt; end, otherwise the wrapping complement.
/// </summary>
internal static class OrleansReminderQueries
{
    public const string Tables = """
        CREATE TABLE IF NOT EXISTS orleans_reminders (
            service_id    text        COLLATE "C" NOT NULL,
            grain_id      text        COLLATE "C" NOT NULL,
            reminder_name text        COLLATE "C" NOT NULL,
            start_time    timestamptz NOT NULL,
            period_ms     bigint      NOT NULL,
            grain_hash    integer     NOT NULL,
            version       integer     NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS ix_orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);
        """;

    private const string Columns = """
        SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
        FROM orleans_reminders
        """;

    public static IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Insert or replace; every change gets a new version, which is the reminder's ETag.
        ["UpsertReminderRowKey"] = """
            INSERT INTO orleans_reminders AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                SET start_time = excluded.start_time,
                    period_ms  = excluded.period_ms,
                    grain_hash = excluded.grain_hash,
                    version    = CASE WHEN r.version = 2147483647 THEN 1 ELSE r.version + 1 END
            RETURNING r.version AS "Version";
            """,

        ["ReadReminderRowsKey"] = Columns + """

            WHERE service_id = @ServiceId AND grain_id = @GrainId;
            """,

        ["ReadReminderRowKey"] = Columns + """

            WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
            """,

        // (begin, end] without wrapping.
        ["ReadRangeRows1Key"] = Columns + """

            WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
            """,

        // The wrapping range: above begin, or up to end.
        ["ReadRangeRows2Key"] = Columns + """

            WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
            """,

        // Removes one reminder only at the caller's version; answers whether it did.
        ["DeleteReminderRowKey"] = """
            WITH removed AS (
                DELETE FROM orleans_reminders
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
                RETURNING 1)
            SELECT count(*) > 0 FROM removed;
            """,

        ["DeleteReminderRowsKey"] = """
            DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
            """,
    };
}
