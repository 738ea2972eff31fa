using JobHub.Runtime.Membership;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Storage;

namespace JobHub.Runtime.Sql.Tests.Support;

/// <summary>The three providers over one backing store, plus what must be disposed with them.</summary>
public sealed record StoreSet(IGrainStorage Storage, IReminderTable Reminders, IMembershipTable Membership, IReadOnlyList<IAsyncDisposable> Owned);
