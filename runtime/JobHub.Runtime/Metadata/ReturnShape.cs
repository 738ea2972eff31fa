namespace JobHub.Runtime.Metadata;

/// <summary>The awaitable a grain method returns.</summary>
internal enum ReturnShape
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
