using System.Text.Json.Serialization;

namespace Flix.Recipes.Release;

/// <summary>The source-generated JSON context of the release outputs (trim- and AOT-safe).</summary>
[JsonSerializable(typeof(BuildMatrix))]
[JsonSerializable(typeof(ReleaseIndexResult))]
[JsonSourceGenerationOptions(WriteIndented = false)]
public sealed partial class ReleaseJsonContext : JsonSerializerContext
{
}
