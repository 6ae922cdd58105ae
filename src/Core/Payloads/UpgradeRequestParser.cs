using System.Text.Json;
using System.Text.RegularExpressions;
using Seamless.Core.Resources;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Payloads;

/// <summary>Parses and validates the upgrade webhook body; every error names its field.</summary>
public static partial class UpgradeRequestParser
{
    /// <summary>The default source slot.</summary>
    public const string DefaultSourceSlot = "staging";

    /// <summary>The accepted strategies.</summary>
    public static readonly IReadOnlyList<string> Strategies = ["swap", "canary"];

    /// <summary>The body's fields (README, "HTTP API"); any other is refused.</summary>
    public static readonly IReadOnlyList<string> Fields = ["site", "sourceSlot", "targetSlot", "version", "strategy", "deliveryId", "policy"];

    private static readonly JsonSerializerOptions PolicyJson = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = PayloadJson.MaxDepth,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses a body.</summary>
    public static ParseResult<UpgradeRequest> Parse(ReadOnlyMemory<byte> body)
    {
        using var doc = PayloadJson.TryParse(body, out var jsonError);
        if (doc is null)
        {
            return ParseResult.Fail<UpgradeRequest>(jsonError!);
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Fail<UpgradeRequest>(new FieldError("$", "The body must be a JSON object."));
        }

        var errors = new List<FieldError>();
        PayloadJson.RefuseUnknownFields(root, Fields, errors);
        string? site = PayloadJson.OptionalString(root, "site", "site", errors);
        string source = PayloadJson.OptionalString(root, "sourceSlot", "sourceSlot", errors) ?? DefaultSourceSlot;
        string target = PayloadJson.OptionalString(root, "targetSlot", "targetSlot", errors) ?? SlotNames.Production;
        string? version = PayloadJson.OptionalString(root, "version", "version", errors);
        string strategy = PayloadJson.OptionalString(root, "strategy", "strategy", errors) ?? "swap";
        string? deliveryId = PayloadJson.OptionalString(root, "deliveryId", "deliveryId", errors);
        if (deliveryId is not null && !DeliveryIds.IsValid(deliveryId))
        {
            errors.Add(new FieldError("deliveryId", "'deliveryId' must be 1-200 printable ASCII characters without spaces."));
        }

        AzureResourceId? siteId = null;
        if (string.IsNullOrWhiteSpace(site))
        {
            AddOnce(errors, "site", "'site' is required: the resource id of the App Service site.");
        }
        else
        {
            siteId = AzureResourceId.TryParse(site, out string? idError);
            if (siteId is null || !siteId.IsSite)
            {
                errors.Add(new FieldError("site", $"'site' is not an App Service site resource id. {idError}".Trim()));
            }
            else if (siteId.Slot is not null)
            {
                errors.Add(new FieldError("site", "'site' must be the site itself; name slots in 'sourceSlot' and 'targetSlot'."));
            }
        }

        ValidateSlot(source, "sourceSlot", errors);
        ValidateSlot(target, "targetSlot", errors);
        if (string.Equals(SlotNames.Normalize(source), SlotNames.Normalize(target), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError("targetSlot", "'sourceSlot' and 'targetSlot' must differ."));
        }

        if (string.IsNullOrWhiteSpace(version))
        {
            AddOnce(errors, "version", "'version' is required: the build id deployed to the source slot.");
        }
        else if (!VersionPattern().IsMatch(version))
        {
            errors.Add(new FieldError("version", "'version' must be 1-128 characters of letters, digits and . _ + - : /"));
        }

        if (!Strategies.Contains(strategy, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError("strategy", $"'strategy' must be one of: {string.Join(", ", Strategies)}."));
        }

        UpgradePolicyOverrides? policy = null;
        if (root.TryGetProperty("policy", out var policyElement) && policyElement.ValueKind != JsonValueKind.Null)
        {
            if (policyElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError("policy", "'policy' must be an object."));
            }
            else
            {
                try
                {
                    policy = policyElement.Deserialize<UpgradePolicyOverrides>(PolicyJson);
                }
                catch (JsonException ex)
                {
                    // The serializer's message names .NET types; the field path is all the caller needs.
                    string field = "policy" + (ex.Path is { Length: > 1 } p ? p[1..] : string.Empty);
                    errors.Add(new FieldError(field, $"'{field}' is not a known policy field, or its value has the wrong type or is out of range."));
                }
            }
        }

        if (errors.Count > 0)
        {
            return new ParseResult<UpgradeRequest>(null, errors);
        }

        return ParseResult.Ok<UpgradeRequest>(new UpgradeRequest(
            siteId!.ToString(),
            source,
            SlotNames.Normalize(target),
            version!,
            strategy.ToLowerInvariant(),
            policy) { DeliveryId = deliveryId });
    }

    private static void ValidateSlot(string slot, string field, List<FieldError> errors)
    {
        if (!SlotNames.IsProduction(slot) && !SlotPattern().IsMatch(slot))
        {
            errors.Add(new FieldError(field, $"'{field}' must be 'production' or a slot name (letters, digits and hyphens, at most 59)."));
        }
    }

    private static void AddOnce(List<FieldError> errors, string field, string message)
    {
        if (!errors.Any(e => e.Field == field))
        {
            errors.Add(new FieldError(field, message));
        }
    }

    // \z, not $: '$' also matches before a final newline, so "v2\n" would pass.
    [GeneratedRegex(@"^[A-Za-z0-9._+:/-]{1,128}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,58}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SlotPattern();
}
