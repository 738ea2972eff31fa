namespace JobHub.Contracts.Audit;

/// <summary>Bounds of an audit log query (<c>GET /api/v1/audit</c>); a value outside them is refused naming the field.</summary>
public static class AuditLimits
{
    /// <summary>Entries per page when no limit is given.</summary>
    public const int DefaultPage = 100;

    /// <summary>Most entries in one page.</summary>
    public const int MaxPage = 500;

    /// <summary>Longest actor, action or target filter.</summary>
    public const int MaxFilterLength = 200;

    /// <summary>Longest cursor.</summary>
    public const int MaxCursorLength = 100;

    /// <summary>Longest actor, action or target stored (longer values are cut, marked with '…').</summary>
    public const int MaxFieldLength = 300;

    /// <summary>Longest detail stored (longer ones are cut, marked with '…').</summary>
    public const int MaxDetailLength = 1000;
}
