using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;
using JobHub.Contracts.Secrets;
using JobHub.GrainInterfaces.Projects;
using JobHub.GrainInterfaces.Secrets;
using JobHub.Grains.Projects;
using JobHub.Grains.Secrets;

namespace JobHub.Grains.Tests.Secrets;

/// <summary>A sample of every serializable type of projects and secrets, for <see cref="SerializationRoundTripTests"/>.</summary>
internal static class ProjectAndSecretSamples
{
    public static object[] All(DateTimeOffset time)
    {
        var project = new ProjectInfo { Name = "ml", Owner = "alice", Groups = [GroupRef.Site("physics")], CreatedAt = time };
        var info = new SecretInfo { Namespace = "project:ml", Name = "DB_PASSWORD", UpdatedAt = time, UpdatedBy = "alice", KeyId = "k2" };
        var encrypted = new EncryptedSecret("k2", [1, 2, 3], [4, 5, 6, 7]);
        return
        [
            project, info, encrypted, new SealedSecret(info, encrypted),
            new ProjectNotFoundException("ml"), new SecretNotFoundException("user:alice", "API_KEY"),
            new SecretUnreadableException("user:alice", "API_KEY", "its master key 'k1' is not configured on this silo"),
            new ProjectGrainState { Owner = "alice", CreatedAt = time, Groups = ["site/physics"] },
            new ProjectDirectoryState { Projects = { ["ml"] = project } },
            new StoredSecret { KeyId = "k2", Nonce = [1, 2], Ciphertext = [3, 4], UpdatedAt = time, UpdatedBy = "alice" },
            new SecretNamespaceState { Secrets = { ["API_KEY"] = new StoredSecret { KeyId = "k1", Nonce = [9], Ciphertext = [8], UpdatedAt = time, UpdatedBy = "bob" } } },
        ];
    }
}
