using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Seamless.Core.Payloads;

namespace Seamless.Workflows.Configuration;

/// <summary>
/// Finds the keys of a configuration section that no option reads: the binder skips them without a word, so a misspelled
/// <c>Seamless:ScaleIn:Policy:OverloadBudgetPrecent</c> would leave the promise at its default while the operator believes
/// it stated another. Each one is reported with its full key and, when one is close, the setting it probably meant; a
/// host refuses to start on them as on any other invalid option.
/// </summary>
public static class UnknownSettings
{
    /// <summary>Lists the keys under <paramref name="section"/> that <paramref name="optionsType"/> has no setting for.</summary>
    /// <param name="section">The section the options are bound from.</param>
    /// <param name="optionsType">The options type bound from it.</param>
    /// <param name="boundElsewhere">Children of <paramref name="section"/> that other options are bound from (not checked here).</param>
    /// <returns>One message per unknown key, in the configuration's order.</returns>
    public static IReadOnlyList<string> Find(IConfigurationSection section, Type optionsType, params string[] boundElsewhere)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        ArgumentNullException.ThrowIfNull(boundElsewhere);
        var errors = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (!boundElsewhere.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Check(child, optionsType, errors, boundElsewhere);
            }
        }

        return errors;
    }

    /// <summary>Checks one child of a section bound to <paramref name="owner"/>: a key of it must name one of its settings.</summary>
    /// <param name="child">The key.</param>
    /// <param name="owner">The type of the section it is under.</param>
    /// <param name="errors">Where its problems go.</param>
    /// <param name="alsoHere">Other names valid at this level (sections other options are bound from).</param>
    private static void Check(IConfigurationSection child, Type owner, List<string> errors, params string[] alsoHere)
    {
        var settings = Settings(owner);
        if (!settings.TryGetValue(child.Key, out var property))
        {
            var parent = child.Path[..^child.Key.Length];
            var names = settings.Keys.Concat(alsoHere).ToList();
            errors.Add(NearestName.Of(child.Key, names) is { } nearest
                ? $"{child.Path} is not a setting; did you mean {parent}{nearest}?"
                : $"{child.Path} is not a setting (the settings here: {string.Join(", ", names.Order(StringComparer.Ordinal))}).");
            return;
        }

        CheckValue(child, property.PropertyType, errors);
    }

    /// <summary>Checks what stands under a key whose setting is of <paramref name="type"/>.</summary>
    private static void CheckValue(IConfigurationSection section, Type type, List<string> errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type))
        {
            return;
        }

        // A value set on a section of settings is not read: the binder fills the section from its keys.
        if (!string.IsNullOrEmpty(section.Value))
        {
            errors.Add(DictionaryValue(type) is null && ElementType(type) is not null
                ? $"{section.Path} is a list, not a value: set {section.Path}:0, {section.Path}:1, …"
                : $"{section.Path} is a section, not a value: set its settings ({section.Path}:<setting>).");
        }

        if (DictionaryValue(type) is { } valueType)
        {
            foreach (var entry in section.GetChildren())
            {
                CheckValue(entry, valueType, errors);
            }

            return;
        }

        if (ElementType(type) is { } elementType)
        {
            // The binder appends every child of a list section in order, whatever its key.
            foreach (var element in section.GetChildren())
            {
                CheckValue(element, elementType, errors);
            }

            return;
        }

        foreach (var child in section.GetChildren())
        {
            Check(child, type, errors);
        }
    }

    /// <summary>The settings of <paramref name="type"/> the binder writes: public instance properties with a setter, or a collection or object it fills.</summary>
    private static Dictionary<string, PropertyInfo> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.SetMethod is { IsPublic: true } || (p.GetMethod is not null && !IsValue(p.PropertyType))))
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(Guid)
        || (Nullable.GetUnderlyingType(type) is { } underlying && IsValue(underlying));

    private static Type? DictionaryValue(Type type) =>
        type.GetInterfaces().Prepend(type)
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            .Select(i => i.GetGenericArguments()[1])
            .FirstOrDefault();

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return typeof(IEnumerable).IsAssignableFrom(type)
            ? type.GetInterfaces().Prepend(type)
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Select(i => i.GetGenericArguments()[0])
                .FirstOrDefault()
            : null;
    }
}

/// <summary>Refuses to start on keys of <typeparamref name="TOptions"/>'s section that no option reads (<see cref="UnknownSettings"/>).</summary>
/// <typeparam name="TOptions">The options bound from the section.</typeparam>
/// <param name="section">The section they are bound from.</param>
/// <param name="boundElsewhere">Children of the section that other options are bound from.</param>
public sealed class UnknownSettingsValidator<TOptions>(IConfigurationSection section, params string[] boundElsewhere) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = UnknownSettings.Find(section, typeof(TOptions), boundElsewhere);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
