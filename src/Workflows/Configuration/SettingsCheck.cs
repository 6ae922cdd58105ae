using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Seamless.Core.Payloads;

namespace Seamless.Workflows.Configuration;

/// <summary>
/// Checks a configuration section against the options bound from it before the binder runs. A key no option reads is
/// skipped by the binder without a word, so a misspelled <c>Seamless:ScaleIn:Policy:OverloadBudgetPrecent</c> would leave
/// the promise at its default while the operator believes it stated another; each one is named with the setting it most
/// likely meant. A value the binder cannot read (<c>Window = 10m</c>) is named with what the setting takes, where the
/// binder's own refusal names a .NET type. A host refuses to start on either, as on any other invalid option.
/// </summary>
public static class SettingsCheck
{
    /// <summary>
    /// Throws when <see cref="Problems"/> finds any: register it to run before the binder (a <c>Configure</c> ahead of
    /// <c>Bind</c>), which would otherwise throw first on a value it cannot read.
    /// </summary>
    /// <typeparam name="TOptions">The options bound from the section.</typeparam>
    /// <param name="section">The section the options are bound from.</param>
    /// <param name="boundElsewhere">Children of <paramref name="section"/> that other options are bound from (not checked here).</param>
    /// <exception cref="OptionsValidationException">One failure per problem.</exception>
    public static void ThrowIfAny<TOptions>(IConfigurationSection section, params string[] boundElsewhere)
    {
        var problems = Problems(section, typeof(TOptions), boundElsewhere);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), problems);
        }
    }

    /// <summary>Lists the keys under <paramref name="section"/> that <paramref name="optionsType"/> has no setting for, and the values it cannot read.</summary>
    /// <param name="section">The section the options are bound from.</param>
    /// <param name="optionsType">The options type bound from it.</param>
    /// <param name="boundElsewhere">Children of <paramref name="section"/> that other options are bound from (not checked here).</param>
    /// <returns>One message per problem, in the configuration's order.</returns>
    public static IReadOnlyList<string> Problems(IConfigurationSection section, Type optionsType, params string[] boundElsewhere)
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
            // As the binder reads it (TypeDescriptor, invariant culture); an empty value stands for none.
            if (type != typeof(string) && !string.IsNullOrEmpty(section.Value) && !Readable(section.Value, type))
            {
                var value = section.Value.Length > 40 ? section.Value[..40] + "…" : section.Value;
                errors.Add($"{section.Path} takes {ValueDescription.Of(type)}, not '{value}'.");
            }

            return;
        }

        var entryType = DictionaryValue(type);
        var elementType = entryType is null ? ElementType(type) : null;
        // A value set on a section of settings is not read: the binder fills the section from its keys.
        if (!string.IsNullOrEmpty(section.Value))
        {
            errors.Add(elementType is not null
                ? $"{section.Path} is a list, not a value: set {section.Path}:0, {section.Path}:1, …"
                : $"{section.Path} is a section, not a value: set its settings ({section.Path}:<setting>).");
        }

        // A dictionary's entries and a list's elements (appended in order, whatever their keys) hold its value type; an
        // object's keys name its settings.
        foreach (var child in section.GetChildren())
        {
            if ((entryType ?? elementType) is { } itemType)
            {
                CheckValue(child, itemType, errors);
            }
            else
            {
                Check(child, type, errors);
            }
        }
    }

    /// <summary>The settings of <paramref name="type"/> the binder writes: public instance properties with a setter, or a collection or object it fills.</summary>
    private static Dictionary<string, PropertyInfo> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.SetMethod is { IsPublic: true } || (p.GetMethod is not null && !IsValue(p.PropertyType))))
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    private static bool Readable(string value, Type type)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

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
