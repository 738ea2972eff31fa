using System.Text.Json.Serialization;

namespace JobHub.Runtime.Sql.Internal;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<SuspicionDto>))]
internal sealed partial class SqlJsonContext : JsonSerializerContext;
