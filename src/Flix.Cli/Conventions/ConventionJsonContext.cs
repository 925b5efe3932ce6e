using System.Text.Json.Serialization;

namespace Flix.Cli.Conventions;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorReport))]
[JsonSerializable(typeof(VersionReport))]
internal sealed partial class ConventionJsonContext : JsonSerializerContext
{
}
