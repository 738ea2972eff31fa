namespace JobHub.Storage.Postgres.Internal;

/// <summary>A migration set a silo applies at start, in the database of the options <paramref name="Options"/> resolves.</summary>
/// <param name="Key">Identifies the registration (options type, name and set), so a repeated registration runs once.</param>
/// <param name="Options">Reads the options from the silo's services.</param>
/// <param name="Set">The migrations.</param>
internal sealed record PostgresMigrationRegistration(string Key, Func<IServiceProvider, JobHubPostgresOptions> Options, PostgresMigrationSet Set);
