using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// A hostile or tricky layer: an id (the number in hostile-inputs.md where there is one, then a short name),
/// what it tries, what a safe applier must do, and the layers (applied in order) that carry it.
/// </summary>
public sealed record HostileLayer(string Id, string Attempt, string Expected, IReadOnlyList<IReadOnlyList<LayerEntry>> Layers)
{
    public override string ToString() => Id;
}
