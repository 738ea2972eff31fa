using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;
using JobHub.Contracts.Secrets;
using JobHub.GrainInterfaces.Datasets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Projects;
using JobHub.GrainInterfaces.Secrets;
using JobHub.Grains.Audit;
using JobHub.Grains.Identity;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Projects;

/// <summary>
/// One project (key: its name). Checks inputs, then the acting user (their own grain's <see cref="IUserGrain.Find"/>), then
/// the rule (owner or admin), and only then changes anything; after each change it writes its row to the project
/// directory and an audit entry. Deleting a project deletes its secrets first, so a project created later under the same
/// name never sees them, and makes private the datasets shared with it.
/// </summary>
[GrainType("project")]
internal sealed partial class ProjectGrain(
    TimeProvider time,
    IAuditLog audit,
    ILogger<ProjectGrain> logger,
    [PersistentState("project")] IPersistentState<ProjectGrainState> state) : Grain, IProjectGrain
{
    private ProjectGrainState S => state.State;

    private bool Exists => S.Owner is not null;

    /// <summary>The key, checked: a malformed key is refused on every call.</summary>
    private string Name =>
        ProjectNames.NameProblem(this.GetPrimaryKeyString()) is { } problem ? throw new IdentityInputRejectedException("project", problem) : this.GetPrimaryKeyString();

    /// <inheritdoc />
    public Task<ProjectInfo?> Find()
    {
        var name = Name;
        return Task.FromResult(Exists ? Info(name) : null);
    }

    /// <inheritdoc />
    public async Task<bool> IsMember(string userName)
    {
        var name = Name;
        if (!Exists || IdentityNames.UserNameProblem(userName) is not null)
        {
            return false;
        }

        var user = await GrainFactory.User(userName).Find();
        return user is { Status: UserStatus.Regular } && user.Name != BuiltInUsers.Anon && Info(name).HasMember(user.Name, user.Groups);
    }

    /// <inheritdoc />
    public async Task<ProjectInfo> Create(string actor, ImmutableArray<GroupRef> groups)
    {
        var name = Name;
        var wanted = IdentityInput.Groups(groups, "groups");
        if (wanted.Length > ProjectNames.MaxGroups)
        {
            throw new IdentityInputRejectedException("groups", $"a project has at most {ProjectNames.MaxGroups} groups (was {wanted.Length})");
        }

        var acting = await RequireActorAsync(actor, $"create project '{name}'");
        if (Exists)
        {
            if (S.Owner == acting.Name && S.Groups.Order(StringComparer.Ordinal).SequenceEqual(wanted.Select(g => g.Key).Order(StringComparer.Ordinal)))
            {
                return Info(name);
            }

            throw new IdentityConflictException($"There is a project '{name}' already (owned by '{S.Owner}'); choose another name.");
        }

        var owned = (await GrainFactory.ProjectDirectory().List()).Count(p => p.Owner == acting.Name);
        if (owned >= ProjectNames.MaxProjectsPerOwner)
        {
            throw new IdentityConflictException($"'{acting.Name}' owns {owned} projects, the most one user may own; delete one first.");
        }

        S.Owner = acting.Name;
        S.CreatedAt = time.GetUtcNow();
        S.Groups = [.. wanted.Select(g => g.Key)];
        await state.WriteOrDeactivateAsync(this);
        var info = Info(name);
        await GrainFactory.ProjectDirectory().Upsert(info);
        await audit.AppendAsync(new AuditRecord(acting.Name, "project.create", $"project:{name}", "ok", $"groups: {Groups(info)}"));
        LogCreated(logger, name, acting.Name);
        return info;
    }

    /// <inheritdoc />
    public Task<ProjectInfo> AddGroup(string actor, GroupRef group) => ChangeGroupAsync(actor, group, add: true);

    /// <inheritdoc />
    public Task<ProjectInfo> RemoveGroup(string actor, GroupRef group) => ChangeGroupAsync(actor, group, add: false);

    /// <inheritdoc />
    public async Task<int> Delete(string actor)
    {
        var name = Name;
        var acting = await RequireOwnerOrAdminAsync(actor, $"delete project '{name}'");

        // Secrets first: if anything fails after, the project is still there to delete again, and no later project of
        // this name can inherit its secrets.
        var secrets = await GrainFactory.Secrets(SecretNamespace.Project(name)).DeleteAll();
        var datasets = await UnshareDatasetsAsync(name);
        await GrainFactory.ProjectDirectory().Remove(name);
        await state.ClearStateAsync();
        await audit.AppendAsync(new AuditRecord(acting, "project.delete", $"project:{name}", "ok", $"{secrets} secrets deleted with it, {datasets} datasets made private"));
        LogDeleted(logger, name, acting, secrets);
        return secrets;
    }

    /// <summary>
    /// Makes private the datasets shared with this project. A share is bound to the project's creation time anyway, so a
    /// later project of this name could not read them; this keeps owners' listings true.
    /// </summary>
    private async Task<int> UnshareDatasetsAsync(string name)
    {
        var list = GrainFactory.GetGrain<IDatasetDirectoryGrain>(IDatasetDirectoryGrain.ProjectKey(name));
        var owners = new SortedSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var keys = await list.Page(after, 500);
            owners.UnionWith(keys.Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]));
            if (keys.Length < 500)
            {
                break;
            }

            after = keys[^1];
        }

        var unshared = await Task.WhenAll(owners.Select(owner => GrainFactory.GetGrain<IDatasetOwnerGrain>(owner).Unshare(name, S.CreatedAt)));
        return unshared.Sum();
    }

    private async Task<ProjectInfo> ChangeGroupAsync(string actor, GroupRef group, bool add)
    {
        var name = Name;
        group = IdentityInput.Group(group, "group");
        var acting = await RequireOwnerOrAdminAsync(actor, add ? $"add {group} to project '{name}'" : $"remove {group} from project '{name}'");
        if (S.Groups.Contains(group.Key, StringComparer.Ordinal) == add)
        {
            return Info(name);
        }

        if (add && S.Groups.Count >= ProjectNames.MaxGroups)
        {
            throw new IdentityConflictException($"Project '{name}' has {ProjectNames.MaxGroups} groups, the most a project may have.");
        }

        if (add)
        {
            S.Groups.Add(group.Key);
        }
        else
        {
            S.Groups.Remove(group.Key);
        }

        await state.WriteOrDeactivateAsync(this);
        var info = Info(name);
        await GrainFactory.ProjectDirectory().Upsert(info);
        await audit.AppendAsync(new AuditRecord(acting, add ? "project.group.add" : "project.group.remove", $"project:{name}", "ok", group.Key));
        LogGroupChanged(logger, name, group.Key, add ? "added" : "removed", acting);
        return info;
    }

    /// <summary>The acting user must be regular (not staged, disabled or <c>anon</c>).</summary>
    private async Task<UserInfo> RequireActorAsync(string actor, string action)
    {
        IdentityInput.UserName(actor, "actor");
        var user = await GrainFactory.User(actor).Find();
        return user switch
        {
            null => throw new IdentityAccessDeniedException(actor, action, "there is no such user"),
            { Name: BuiltInUsers.Anon } => throw new IdentityAccessDeniedException(actor, action, "anonymous callers have no projects; send an API token"),
            { Status: not UserStatus.Regular } => throw new IdentityAccessDeniedException(actor, action, "only regular users use projects"),
            _ => user,
        };
    }

    /// <summary>The project must exist, and the acting user own it or be an admin.</summary>
    private async Task<string> RequireOwnerOrAdminAsync(string actor, string action)
    {
        var name = Name;
        var user = await RequireActorAsync(actor, action);
        if (!Exists)
        {
            throw new ProjectNotFoundException(name);
        }

        if (user.Name != S.Owner && !user.Groups.Contains(BuiltInGroups.Admins))
        {
            throw new IdentityAccessDeniedException(user.Name, action, $"only its owner ('{S.Owner}') and admins change or delete project '{name}'");
        }

        return user.Name;
    }

    private static string Groups(ProjectInfo info) => info.Groups.IsEmpty ? "none" : string.Join(", ", info.Groups.Select(g => g.Key));

    private ProjectInfo Info(string name) => new()
    {
        Name = name,
        Owner = S.Owner!,
        CreatedAt = S.CreatedAt,
        Groups = [.. S.Groups.Order(StringComparer.Ordinal).Select(k => IdentityNames.ParseGroupKey(k, out _)!)],
    };
}
