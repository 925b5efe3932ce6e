using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>The source-generated JSON context of the Ignition records: trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(IgnitionConfig))]
public sealed partial class IgnitionJsonContext : JsonSerializerContext
{
}
