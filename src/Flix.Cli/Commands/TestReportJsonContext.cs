using System.Text.Json.Serialization;

namespace Flix.Cli.Commands;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TestReport))]
internal sealed partial class TestReportJsonContext : JsonSerializerContext
{
}
