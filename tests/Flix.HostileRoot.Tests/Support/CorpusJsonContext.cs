using System.Text.Json.Serialization;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>Source-generated JSON for the few values the corpus writes (no reflection, as in the product).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class CorpusJsonContext : JsonSerializerContext;
