using System.Text.Json.Serialization;

namespace Flix.Oci.Manifests;

/// <summary>Source-generated JSON metadata for the OCI documents Flix reads and writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(OciManifest))]
[JsonSerializable(typeof(OciIndex))]
[JsonSerializable(typeof(OciImageConfig))]
[JsonSerializable(typeof(OciDescriptor))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(Sources.DockerArchiveEntry[]))]
internal sealed partial class OciJsonContext : JsonSerializerContext
{
}
