using System.Text.Json.Serialization;

namespace Flix.Cli.Commands;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InspectReport))]
internal sealed partial class InspectReportJsonContext : JsonSerializerContext
{
}
