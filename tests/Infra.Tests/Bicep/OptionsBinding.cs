using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Seamless.Azure;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Configuration;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>
/// Binds app settings the way the hosts do — <see cref="SeamlessOptions"/> from <c>Seamless</c>,
/// <see cref="AzureAccessOptions"/> from <c>Seamless:Azure</c> — with the real configuration binder,
/// refusing configuration that matches no property.
/// </summary>
public static class OptionsBinding
{
    private static readonly (string Section, Type Type)[] Targets =
    [
        (AzureAccessOptions.SectionName, typeof(AzureAccessOptions)),
        (SeamlessOptions.SectionName, typeof(SeamlessOptions)),
    ];

    /// <summary>
    /// Checks that one app setting lands on an options property: its path leads to a settable scalar
    /// property, and the binder (ErrorOnUnknownConfiguration) accepts it with a value of that type.
    /// </summary>
    public static SettingBinding Check(string settingName)
    {
        var key = AppSettingNames.ToConfigurationKey(settingName);
        var target = TargetOf(key);
        if (target is not var (section, type))
        {
            return new SettingBinding(settingName, key, null, $"no options class is bound from a section above '{key}'");
        }

        var path = key[(section.Length + 1)..].Split(':');
        if (LeafType(type, path, out var problem) is not { } leaf)
        {
            return new SettingBinding(settingName, key, type.Name, problem);
        }

        try
        {
            BindSection(section, type, [new KeyValuePair<string, string?>(key, SampleValue(leaf))]);
        }
        catch (InvalidOperationException exception)
        {
            return new SettingBinding(settingName, key, type.Name, exception.Message);
        }

        return new SettingBinding(settingName, key, type.Name, null);
    }

    /// <summary>Binds app settings (names with <c>__</c>) onto fresh options, refusing any that match no property.</summary>
    public static (SeamlessOptions Seamless, AzureAccessOptions Azure) Bind(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pairs = settings.Select(s => new KeyValuePair<string, string?>(AppSettingNames.ToConfigurationKey(s.Key), s.Value)).ToArray();
        var unrouted = pairs.Where(p => TargetOf(p.Key) is null).Select(p => p.Key).ToArray();
        if (unrouted.Length > 0)
        {
            throw new InvalidOperationException($"No options class binds {string.Join(", ", unrouted)}.");
        }

        return (
            (SeamlessOptions)BindSection(SeamlessOptions.SectionName, typeof(SeamlessOptions), pairs.Where(p => TargetOf(p.Key)?.Type == typeof(SeamlessOptions))),
            (AzureAccessOptions)BindSection(AzureAccessOptions.SectionName, typeof(AzureAccessOptions), pairs.Where(p => TargetOf(p.Key)?.Type == typeof(AzureAccessOptions))));
    }

    private static (string Section, Type Type)? TargetOf(string key) =>
        Targets
            .Where(t => key.StartsWith(t.Section + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(t => t.Section.Length)
            .Select(t => ((string, Type)?)t)
            .FirstOrDefault();

    private static object BindSection(string section, Type type, IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
        var instance = Create(type);
        configuration.GetSection(section).Bind(instance, options => options.ErrorOnUnknownConfiguration = true);
        return instance;
    }

    // ScaleInOptions.Policy defaults to the shared ScaleInPolicy.Default, which the binder would write
    // into; give it its own instance.
    private static object Create(Type type) => type == typeof(SeamlessOptions)
        ? new SeamlessOptions { ScaleIn = new ScaleInOptions { Policy = new ScaleInPolicy() } }
        : Activator.CreateInstance(type)!;

    // The type of the scalar property the path ends on, or null with the reason.
    private static Type? LeafType(Type type, IReadOnlyList<string> path, out string? problem)
    {
        var current = type;
        foreach (var segment in path)
        {
            current = Nullable.GetUnderlyingType(current) ?? current;
            if (ElementType(current) is { } element)
            {
                if (!int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    problem = $"'{segment}' is not an index of the list {current.Name}";
                    return null;
                }

                current = element;
                continue;
            }

            var property = current.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.GetMethod is null)
            {
                problem = $"{current.Name} has no property '{segment}'";
                return null;
            }

            current = property.PropertyType;
        }

        current = Nullable.GetUnderlyingType(current) ?? current;
        if (!IsScalar(current))
        {
            problem = $"the setting ends on {current.Name}, not on a value";
            return null;
        }

        problem = null;
        return current;
    }

    // Lists bind by index (IList<T>, IReadOnlyList<T>, T[]); strings are values, not lists.
    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element
        : null;

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(Guid);

    private static string SampleValue(Type type) => type switch
    {
        _ when type == typeof(bool) => "true",
        _ when type == typeof(TimeSpan) => "00:01:00",
        _ when type == typeof(Uri) => "https://sample.invalid/",
        _ when type == typeof(Guid) => "00000000-0000-0000-0000-000000000001",
        _ when type == typeof(DateTimeOffset) => "2026-01-01T00:00:00Z",
        _ when type.IsEnum => Enum.GetNames(type)[0],
        _ when type.IsPrimitive || type == typeof(decimal) => "1",
        _ => "sample",
    };
}

/// <summary>Whether one app setting lands on an options property, and if not, why.</summary>
public sealed record SettingBinding(string Setting, string Key, string? OptionsType, string? Problem)
{
    public bool Lands => Problem is null;

    public override string ToString() => Lands ? $"{Setting} -> {OptionsType}" : $"{Setting} ({Key}) lands nowhere: {Problem}";
}
