using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobHub.Runtime.Copying;

/// <summary>Grain and observer references travel as their grain id text and come back as references of this runtime.</summary>
internal sealed class GrainReferenceJsonConverterFactory(Func<Type, GrainId, object> createReference) : JsonConverterFactory
{
    /// <summary>Makes a reference of this runtime for (grain interface, id); the binary wire format uses it too.</summary>
    public Func<Type, GrainId, object> CreateReference => createReference;

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsInterface && typeof(IGrain).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ReferenceConverter<>).MakeGenericType(typeToConvert), createReference)!;

    private sealed class ReferenceConverter<TGrain>(Func<Type, GrainId, object> createReference) : JsonConverter<TGrain>
        where TGrain : class
    {
        public override TGrain? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : (TGrain)createReference(typeToConvert, GrainId.Parse(reader.GetString()!));

        public override void Write(Utf8JsonWriter writer, TGrain value, JsonSerializerOptions options)
        {
            if (value is not IAddressable addressable)
            {
                throw new NotSupportedException($"{value.GetType().FullName} is a grain or observer object, not a reference; pass IGrainFactory.GetGrain or CreateObjectReference results between grains.");
            }

            writer.WriteStringValue(addressable.GrainId.ToString());
        }
    }
}
