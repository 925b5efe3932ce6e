using System.Text.Json.Serialization;

namespace Flix.Cli.Commands;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ElfReport>))]
internal sealed partial class ElfReportJsonContext : JsonSerializerContext
{
}
