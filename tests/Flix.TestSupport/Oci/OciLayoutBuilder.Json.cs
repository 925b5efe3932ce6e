using System.Globalization;
using System.Text.Json.Nodes;

namespace Flix.TestSupport.Oci;

public sealed partial class OciLayoutBuilder
{
    /// <summary>An image config: platform, runtime config, <c>rootfs.diff_ids</c> and one history entry per layer.</summary>
    internal static JsonObject ConfigJson(ImageSpec image, IEnumerable<string> diffIds)
    {
        string created = image.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var runtime = new JsonObject { ["Env"] = new JsonArray([.. image.Env.Select(e => (JsonNode)JsonValue.Create(e))]) };
        if (image.Cmd is not null)
        {
            runtime["Cmd"] = new JsonArray([.. image.Cmd.Select(c => (JsonNode)JsonValue.Create(c))]);
        }

        var config = new JsonObject
        {
            ["created"] = created,
            ["architecture"] = image.Platform.Architecture,
            ["os"] = image.Platform.Os,
        };
        if (image.Platform.Variant is not null)
        {
            config["variant"] = image.Platform.Variant;
        }

        config["config"] = runtime;
        config["rootfs"] = new JsonObject
        {
            ["type"] = "layers",
            ["diff_ids"] = new JsonArray([.. diffIds.Select(d => (JsonNode)JsonValue.Create(d))]),
        };
        config["history"] = new JsonArray([.. image.Layers.Select(l => (JsonNode)new JsonObject
        {
            ["created"] = created,
            ["created_by"] = l.Describe(),
        })]);
        return config;
    }

    /// <summary>A descriptor object, with a platform object when given.</summary>
    internal static JsonObject DescriptorJson(BlobDescriptor blob, ImagePlatform? platform)
    {
        var descriptor = new JsonObject
        {
            ["mediaType"] = blob.MediaType,
            ["digest"] = blob.Digest,
            ["size"] = blob.Size,
        };
        if (platform is not null)
        {
            var platformJson = new JsonObject
            {
                ["architecture"] = platform.Architecture,
                ["os"] = platform.Os,
            };
            if (platform.Variant is not null)
            {
                platformJson["variant"] = platform.Variant;
            }

            descriptor["platform"] = platformJson;
        }

        return descriptor;
    }
}
