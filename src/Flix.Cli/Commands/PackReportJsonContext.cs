using System.Text.Json.Serialization;

namespace Flix.Cli.Commands;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PackReport))]
internal sealed partial class PackReportJsonContext : JsonSerializerContext
{
}
